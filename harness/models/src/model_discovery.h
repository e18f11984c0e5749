// Concurrent probing of OpenAI-compatible servers' GET /models, behind ListModels and
// DiscoverLocal (r1/models/openai_backend.h). Exposed here so tests can point the probe at
// servers on ephemeral ports instead of the well-known ones.
#pragma once

#include <string>
#include <vector>

#include "r1/core/error.h"
#include "r1/models/openai_backend.h"

namespace r1::models {

struct Candidate {
  std::string base_url;  ///< "http://127.0.0.1:8000/v1"
  std::string label;     ///< "vLLM"; empty for a URL the user chose
};

/// The first candidate, in the given order, whose /models lists at least one model. All are
/// probed at once; the wait ends as soon as the answer is certain or after `timeout_ms`.
/// kUnavailable otherwise, with the one-paragraph explanation DiscoverLocal promises.
Result<LocalServer> FirstServerAnswering(const std::vector<Candidate>& candidates,
                                         const std::string& api_key, int timeout_ms);

}  // namespace r1::models
