// The value types that flow through the pipeline:
// Problem -> Prompt -> Request -> Completion -> Grade. One type per stage, no I/O here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "r1/core/error.h"

namespace r1 {

/// One benchmark item as a suite loaded it.
struct Problem {
  std::string id;        ///< stable within the suite (e.g. "60", "I-1")
  std::string question;  ///< the statement shown to the model
  std::string gold;      ///< the reference answer, as the data gives it
  /// Extra descriptive fields (subject, level, difficulty, date, ...), in a fixed order.
  std::vector<std::pair<std::string, std::string>> meta;
};

struct Message {
  std::string role;  ///< "user", "assistant" or "system"
  std::string content;
};

/// What the model is asked for one (problem, sample index).
struct Prompt {
  std::vector<Message> messages;
  /// Per-sample data the grader needs back (e.g. a choice permutation), stored with the sample.
  std::string sample_data;
};

/// Sampling parameters; defaults are DeepSeek-R1's evaluation settings.
struct GenParams {
  double temperature = 0.6;
  double top_p = 0.95;
  int max_tokens = 32768;
  bool stream = true;
};

/// One request to a backend.
struct Request {
  std::string model;  ///< the served model name
  std::vector<Message> messages;
  GenParams params;
  std::uint64_t tag = 0;  ///< opaque to the backend; lets the caller match the answer
  /// Which of the k samples this is. Deterministic backends (mock) seed from it, so a sharded
  /// run and a whole run get the same answers.
  int sample_index = 0;
};

/// What a backend returns for one attempt or, after retries, for one sample.
struct Completion {
  std::string content;        ///< the answer text exactly as received (may hold inline <think>)
  std::string reasoning;      ///< reasoning_content / reasoning, when the server separates it
  std::string finish_reason;  ///< "stop", "length", ... ; empty when unknown
  std::string served_model;   ///< the `model` field of the response
  std::int64_t prompt_tokens = -1;      ///< -1: the server did not say
  std::int64_t completion_tokens = -1;  ///< -1: the server did not say
  std::int64_t reasoning_tokens = -1;   ///< -1: the server did not say
  double latency_s = 0;                 ///< send to last byte, final attempt
  int attempts = 1;
  std::optional<Error> error;  ///< set: no usable completion (never graded as wrong)
  /// Seconds the server asked us to wait (Retry-After), when it said so.
  std::optional<double> retry_after_s;

  bool ok() const { return !error.has_value(); }
};

/// A grader's verdict on one completion.
struct Grade {
  std::string extracted;      ///< the answer as found in the response; empty: none
  std::string canonical_key;  ///< equal for equivalent answers (cons@k votes on it)
  bool correct = false;
  bool truncated = false;  ///< finish_reason=length or thinking never closed
  /// Judging failed for our own reasons (sandbox error, internal error, compiler missing): no
  /// verdict on the model. Excluded from every metric like a server error; `regrade` retries it.
  bool unscored = false;
  std::string detail;  ///< why, for humans
};

}  // namespace r1
