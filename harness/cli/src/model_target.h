// Turns --model (local | URL | provider:name | mock) into a backend and a served model name.
// The only place that reads API-key environment variables; keys never leave the backend.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "r1/core/backend.h"
#include "r1/core/error.h"
#include "r1/models/server_capacity.h"

namespace r1::cli {

struct ModelOptions {
  std::string model;       ///< the --model value
  std::string model_name;  ///< --model-name; empty: the first served model
  int connect_timeout_s = 10;
  int idle_timeout_s = 300;
};

struct ModelTarget {
  std::unique_ptr<Backend> backend;
  std::string model_name;  ///< what requests ask for; part of the run identity
  std::string endpoint;    ///< for humans; never holds a key
  /// What the server says it runs at once (llama.cpp, SGLang); nullopt for servers that do
  /// not say and for hosted APIs.
  std::optional<models::ServerCapacity> capacity = std::nullopt;
  /// The provider rules' word on this model (e.g. an o-series model gets no temperature), said
  /// once at run start; empty when there is nothing to say.
  std::string request_notice = {};
};

/// kUnavailable (exit 3) when no server answers, with what was tried and how to start one.
Result<ModelTarget> ResolveModel(const ModelOptions& options);

/// For --serve: whether the server that --model names (`local`, or one URL) answers /models
/// with at least one model right now, and where ("http://127.0.0.1:8000/v1"); nullopt while it
/// does not. kInvalidArgument for any other --model form (a provider, mock, several URLs).
Result<std::optional<std::string>> ServedServerAnswers(const ModelOptions& options, int timeout_ms);

}  // namespace r1::cli
