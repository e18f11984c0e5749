// Turns --model (local | URL | provider:name | mock) into a backend and a served model name.
// The only place that reads API-key environment variables; keys never leave the backend.
#pragma once

#include <memory>
#include <string>

#include "r1/core/backend.h"
#include "r1/core/error.h"

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
};

/// kUnavailable (exit 3) when no server answers, with what was tried and how to start one.
Result<ModelTarget> ResolveModel(const ModelOptions& options);

}  // namespace r1::cli
