// The JSON body of a POST /chat/completions request.
#pragma once

#include <string>

#include "r1/core/types.h"
#include "r1/models/request_rules.h"

namespace r1::models {

/// {model, messages, temperature, top_p, max_tokens, stream} and, when streaming,
/// stream_options.include_usage, without which llama.cpp and vLLM send no usage in a stream.
/// The messages go out exactly as given: no system prompt is added here. `rules` say which
/// sampling parameters are sent and under which names (r1/models/request_rules.h).
std::string ChatRequestBody(const Request& request, const RequestRules& rules = {});

}  // namespace r1::models
