// Serialises a Request into the OpenAI chat-completions request body.
#include "chat_request.h"

#include <nlohmann/json.hpp>

namespace r1::models {

std::string ChatRequestBody(const Request& request, const RequestRules& rules) {
  nlohmann::json messages = nlohmann::json::array();
  for (const Message& message : request.messages) {
    messages.push_back({{"role", message.role}, {"content", message.content}});
  }
  nlohmann::json body = {
      {"model", request.model},
      {"messages", std::move(messages)},
      {"stream", request.params.stream},
  };
  if (rules.send_temperature) body["temperature"] = request.params.temperature;
  if (rules.send_top_p) body["top_p"] = request.params.top_p;
  body[rules.max_tokens_field] = request.params.max_tokens;
  if (request.params.stream) body["stream_options"] = {{"include_usage", true}};
  // Prompts may hold invalid UTF-8 (e.g. cut in the middle of a character); replacing it is
  // better than failing the whole request.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace r1::models
