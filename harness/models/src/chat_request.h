// The JSON body of a POST /chat/completions request.
#pragma once

#include <string>
#include <vector>

#include "r1/core/types.h"
#include "r1/models/request_rules.h"

namespace r1::models {

/// {model, messages, temperature, top_p, max_tokens, stream} and, when streaming,
/// stream_options.include_usage, without which llama.cpp and vLLM send no usage in a stream.
/// The messages go out exactly as given: no system prompt is added here. `rules` say which
/// sampling parameters are sent and under which names (r1/models/request_rules.h).
std::string ChatRequestBody(const Request& request, const RequestRules& rules = {});

/// ChatRequestBody for a run's stream of requests. The k samples of a problem go out one after
/// another with the same prompt and parameters, so the last body is kept and handed out again
/// while requests differ only in their tag and sample index: building the JSON tree anew was
/// about 3 % of the dispatch thread's CPU at 512 streams.
class ChatRequestBodies {
 public:
  const std::string& For(const Request& request, const RequestRules& rules);

 private:
  bool Matches(const Request& request, const RequestRules& rules) const;

  std::string model_;
  std::vector<Message> messages_;
  GenParams params_;
  RequestRules rules_;
  bool empty_ = true;
  std::string body_;
};

}  // namespace r1::models
