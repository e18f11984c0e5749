// Provider rules as data: per provider and model family, which sampling parameters a chat
// request carries and under which names. OpenAI's o-series reject temperature/top_p and take
// max_completion_tokens; DeepSeek's reasoner accepts and ignores sampling parameters. The table
// is in request_rules.cc; the request builder only follows the rules it is given.
#pragma once

#include <string>
#include <string_view>

namespace r1::models {

struct RequestRules {
  std::string max_tokens_field = "max_tokens";  ///< or "max_completion_tokens"
  bool send_temperature = true;
  bool send_top_p = true;
  /// Said once at run start (what is not sent, what the server ignores); empty: nothing to say.
  std::string notice;
};

/// The rules for `model` at `provider` ("openai", "deepseek", "openrouter"; "" for any other
/// server, which gets every parameter under its usual name). A family matches the model name
/// itself or the name followed by '-' or '.': "o1" matches o1, o1-mini, o1-2024-12-17.
RequestRules RulesFor(std::string_view provider, std::string_view model);

/// The provider whose API a base URL points at ("openai" for https://api.openai.com/v1), so
/// `--model https://api.openai.com/v1 --model-name o3` gets the same rules as `openai:o3`;
/// "" for any other host.
std::string ProviderOfUrl(std::string_view base_url);

}  // namespace r1::models
