// --model resolution; see model_target.h.
#include "model_target.h"

#include <cstdlib>
#include <map>

#include "r1/models/mock_backend.h"
#include "r1/models/openai_backend.h"

namespace r1::cli {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

struct Provider {
  std::string base_url;
  std::vector<const char*> key_vars;
};

const std::map<std::string, Provider>& Providers() {
  static const std::map<std::string, Provider> kProviders = {
      {"deepseek", {"https://api.deepseek.com/v1", {"R1_EVAL_API_KEY", "DEEPSEEK_API_KEY"}}},
      {"openai", {"https://api.openai.com/v1", {"R1_EVAL_API_KEY", "OPENAI_API_KEY"}}},
      {"openrouter", {"https://openrouter.ai/api/v1", {"R1_EVAL_API_KEY", "OPENROUTER_API_KEY"}}},
  };
  return kProviders;
}

std::string KeyFrom(const std::vector<const char*>& vars) {
  for (const char* var : vars) {
    if (auto v = Env(var); !v.empty()) return v;
  }
  return "";
}

Result<ModelTarget> FromUrl(const std::string& base_url, const std::string& key,
                            const ModelOptions& options) {
  models::EndpointOptions endpoint{base_url, key, options.connect_timeout_s,
                                   options.idle_timeout_s};
  std::string name = options.model_name;
  if (name.empty()) {
    auto served = models::ListModels(endpoint, 5000);
    if (!served) {
      return std::unexpected(std::move(served.error()).With(
          "--model " + base_url + ": cannot list models (pass --model-name to skip this)"));
    }
    if (served->empty()) {
      return Fail(ErrorCode::kUnavailable, "--model " + base_url + ": the server lists no models");
    }
    name = served->front();
  }
  auto backend = models::MakeOpenAiBackend(endpoint);
  if (!backend) return std::unexpected(backend.error());
  return ModelTarget{std::move(*backend), name, base_url};
}

}  // namespace

Result<ModelTarget> ResolveModel(const ModelOptions& options) {
  const std::string& m = options.model;
  if (m == "mock") return ModelTarget{models::MakeMockBackend(), "mock", "mock"};
  const std::string generic_key = KeyFrom({"R1_EVAL_API_KEY", "OPENAI_API_KEY"});
  if (m == "local") {
    std::optional<std::string> override_url;
    if (auto v = Env("R1_EVAL_LOCAL_URL"); !v.empty()) override_url = v;
    auto local = models::DiscoverLocal(override_url, generic_key, 1500);
    if (!local) return std::unexpected(local.error());
    std::string name = options.model_name.empty() ? local->models.front() : options.model_name;
    if (!options.model_name.empty()) {
      bool served = false;
      for (const auto& id : local->models) served = served || id == name;
      if (!served) {
        std::string list;
        for (const auto& id : local->models) list += (list.empty() ? "" : ", ") + id;
        return Fail(ErrorCode::kInvalidArgument, "--model-name " + name + ": not served by " +
                                                     local->base_url + " (it serves: " + list + ")");
      }
    }
    models::EndpointOptions endpoint{local->base_url, generic_key, options.connect_timeout_s,
                                     options.idle_timeout_s};
    auto backend = models::MakeOpenAiBackend(endpoint);
    if (!backend) return std::unexpected(backend.error());
    return ModelTarget{std::move(*backend), name, local->base_url};
  }
  if (m.starts_with("http://") || m.starts_with("https://")) {
    return FromUrl(m, generic_key, options);
  }
  if (auto colon = m.find(':'); colon != std::string::npos) {
    std::string provider = m.substr(0, colon);
    auto it = Providers().find(provider);
    if (it == Providers().end()) {
      return Fail(ErrorCode::kInvalidArgument,
                  "--model " + m + ": unknown provider '" + provider +
                      "' (known: deepseek, openai, openrouter; or pass a URL)");
    }
    std::string key = KeyFrom(it->second.key_vars);
    if (key.empty()) {
      std::string vars;
      for (const char* v : it->second.key_vars) vars += (vars.empty() ? "" : " or ") + std::string(v);
      return Fail(ErrorCode::kInvalidArgument, "--model " + m + ": set " + vars);
    }
    ModelOptions named = options;
    named.model_name = m.substr(colon + 1);
    return FromUrl(it->second.base_url, key, named);
  }
  return Fail(ErrorCode::kInvalidArgument,
              "--model " + m + ": expected local, mock, a URL (http://host:port/v1) or "
              "provider:name (e.g. deepseek:deepseek-reasoner)");
}

}  // namespace r1::cli
