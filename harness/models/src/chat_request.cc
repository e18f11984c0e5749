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

const std::string& ChatRequestBodies::For(const Request& request, const RequestRules& rules) {
  if (!Matches(request, rules)) {
    body_ = ChatRequestBody(request, rules);
    model_ = request.model;
    messages_ = request.messages;
    params_ = request.params;
    rules_ = rules;
    empty_ = false;
  }
  return body_;
}

bool ChatRequestBodies::Matches(const Request& request, const RequestRules& rules) const {
  if (empty_ || rules.max_tokens_field != rules_.max_tokens_field ||
      rules.send_temperature != rules_.send_temperature || rules.send_top_p != rules_.send_top_p ||
      request.model != model_ || request.messages.size() != messages_.size()) {
    return false;
  }
  const GenParams& p = request.params;
  if (p.temperature != params_.temperature || p.top_p != params_.top_p ||
      p.max_tokens != params_.max_tokens || p.stream != params_.stream) {
    return false;
  }
  for (std::size_t i = 0; i < messages_.size(); ++i) {
    if (request.messages[i].role != messages_[i].role ||
        request.messages[i].content != messages_[i].content) {
      return false;
    }
  }
  return true;
}

}  // namespace r1::models
