// The provider rules table; see r1/models/request_rules.h. Sources: docs/reference/servers.md
// (OpenAI o-series, DeepSeek API).
#include "r1/models/request_rules.h"

#include <array>

namespace r1::models {
namespace {

struct Rule {
  std::string_view provider;
  std::string_view family;  ///< model name prefix, see RulesFor
  std::string_view max_tokens_field;
  bool send_temperature;
  bool send_top_p;
  std::string_view notice;  ///< "{model}" is replaced by the model name
};

constexpr std::string_view kReasoningNotice =
    "{model} (OpenAI reasoning model): temperature and top_p are not sent (the API accepts only "
    "their defaults); --max-tokens is sent as max_completion_tokens";

// First match wins: a more specific family goes before the family it starts with.
constexpr std::array kRules = {
    // GPT-5's chat variant is an ordinary chat model; the other GPT-5 models reason like o-series.
    Rule{"openai", "gpt-5-chat", "max_tokens", true, true, ""},
    Rule{"openai", "gpt-5", "max_completion_tokens", false, false, kReasoningNotice},
    Rule{"openai", "o1", "max_completion_tokens", false, false, kReasoningNotice},
    Rule{"openai", "o3", "max_completion_tokens", false, false, kReasoningNotice},
    Rule{"openai", "o4", "max_completion_tokens", false, false, kReasoningNotice},
    Rule{"deepseek", "deepseek-reasoner", "max_tokens", true, true,
         "{model} ignores temperature and top_p (DeepSeek API): they are sent and recorded with "
         "the run, but the server samples its own way"},
};

struct Host {
  std::string_view prefix;
  std::string_view provider;
};

constexpr std::array kHosts = {
    Host{"https://api.openai.com", "openai"},
    Host{"https://api.deepseek.com", "deepseek"},
    Host{"https://openrouter.ai", "openrouter"},
};

bool InFamily(std::string_view model, std::string_view family) {
  if (!model.starts_with(family)) return false;
  if (model.size() == family.size()) return true;
  const char next = model[family.size()];
  return next == '-' || next == '.';
}

std::string WithModel(std::string_view text, std::string_view model) {
  std::string out(text);
  if (const auto at = out.find("{model}"); at != std::string::npos) out.replace(at, 7, model);
  return out;
}

}  // namespace

RequestRules RulesFor(std::string_view provider, std::string_view model) {
  for (const Rule& rule : kRules) {
    if (rule.provider != provider || !InFamily(model, rule.family)) continue;
    RequestRules rules;
    rules.max_tokens_field = rule.max_tokens_field;
    rules.send_temperature = rule.send_temperature;
    rules.send_top_p = rule.send_top_p;
    rules.notice = WithModel(rule.notice, model);
    return rules;
  }
  return {};
}

std::string ProviderOfUrl(std::string_view base_url) {
  for (const Host& host : kHosts) {
    // The host must end where the prefix does: api.openai.com.evil.example is not OpenAI.
    if (base_url.starts_with(host.prefix) &&
        (base_url.size() == host.prefix.size() || base_url[host.prefix.size()] == '/')) {
      return std::string(host.provider);
    }
  }
  return "";
}

}  // namespace r1::models
