// --model resolution; see model_target.h.
#include "model_target.h"

#include <cctype>
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "cli_util.h"
#include "model_probe.h"
#include "r1/core/url.h"
#include "r1/models/mock_backend.h"
#include "r1/models/openai_backend.h"
#include "r1/models/request_rules.h"

namespace r1::cli {
namespace {

// Status pages answer at once; a server that is slow to say its slots is treated as silent.
constexpr int kCapacityProbeMs = 1500;

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

KeySource KeyFrom(const std::vector<const char*>& vars) {
  for (const char* var : vars) {
    if (auto v = EnvOr(var, ""); !v.empty()) return {v, var};
  }
  return {};
}

// Several URLs serve one model (data-parallel replicas). Each is asked once for its models
// before the run (the fail-fast probe): the name must be served by every endpoint that answers,
// and at least one must answer. A refused key ends the command at once (exit 2); a server with
// no model list is probed with a one-token completion instead. `provider` ("openai", ...; ""
// for any other server) picks the request rules; hosted APIs publish no slot count (their
// limits are rate limits), so only other servers are asked for one.
Result<ModelTarget> FromUrls(const std::vector<std::string>& base_urls, const KeySource& key,
                             const ModelOptions& options, const std::string& provider,
                             bool check_name = true) {
  std::string name = options.model_name;
  std::string joined;
  std::optional<Error> last_error;  // every endpoint's failure, joined
  std::vector<std::string> without_list;
  int answered = 0;
  for (const auto& url : base_urls) {
    joined += (joined.empty() ? "" : ",") + RedactUrl(url);
    WarnPlainHttp(url, key);
    models::EndpointOptions endpoint{url, key.key, options.connect_timeout_s,
                                     options.idle_timeout_s};
    auto served = models::ListModels(endpoint, 5000);
    if (!served) {
      Error error = ProbeError(served.error(), url, key);
      if (error.code == ErrorCode::kInvalidArgument) return std::unexpected(std::move(error));
      if (HasNoModelList(served.error())) {
        without_list.push_back(url);
        continue;
      }
      if (last_error) error.message = last_error->message + "; " + error.message;
      last_error = std::move(error);
      continue;
    }
    ++answered;
    if (served->empty()) {
      return Fail(ErrorCode::kUnavailable,
                  "--model " + RedactUrl(url) + ": the server lists no models");
    }
    if (name.empty()) name = served->front();
    if (check_name && std::find(served->begin(), served->end(), name) == served->end()) {
      return Fail(ErrorCode::kInvalidArgument, "--model " + RedactUrl(url) + ": does not serve '" +
                                                   name + "' (it serves " + served->front() +
                                                   "); every endpoint must serve the same model");
    }
  }
  if (answered == 0 && without_list.empty()) return std::unexpected(std::move(*last_error));
  if (name.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "--model " + RedactUrl(without_list.front()) +
                    ": the server has no model list; name the model with --model-name");
  }
  for (const auto& url : without_list) {
    models::EndpointOptions endpoint{url, key.key, options.connect_timeout_s,
                                     options.idle_timeout_s};
    endpoint.rules = models::RulesFor(provider, name);
    auto probe_backend = models::MakeOpenAiBackend(endpoint);
    if (!probe_backend) return std::unexpected(probe_backend.error());
    const int wait_s = options.connect_timeout_s + 20;
    if (auto s = ProbeCompletion(**probe_backend, name, url, key, wait_s); !s) {
      return std::unexpected(s.error());
    }
  }
  models::EndpointOptions endpoint{"", key.key, options.connect_timeout_s, options.idle_timeout_s};
  endpoint.rules = models::RulesFor(provider, name);
  auto backend = models::MakeOpenAiBackend(endpoint, base_urls);
  if (!backend) return std::unexpected(backend.error());
  ModelTarget target{std::move(*backend), name, joined, std::nullopt, endpoint.rules.notice};
  if (provider.empty()) target.capacity = models::ProbeCapacity(base_urls, key.key, kCapacityProbeMs);
  return target;
}

// "--model URL1,URL2" or "--model @FILE" (one URL per line, # comments).
Result<std::vector<std::string>> EndpointList(const std::string& spec) {
  std::vector<std::string> urls;
  std::string text = spec;
  if (spec.starts_with("@")) {
    std::ifstream in(spec.substr(1));
    if (!in) return Fail(ErrorCode::kNotFound, "--model " + spec + ": cannot read the file");
    text.clear();
    for (std::string line; std::getline(in, line);) {
      if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
      text += line + ",";
    }
  }
  std::stringstream parts(text);
  for (std::string part; std::getline(parts, part, ',');) {
    part.erase(0, part.find_first_not_of(" \t\r"));
    part.erase(part.find_last_not_of(" \t\r") + 1);
    if (part.empty()) continue;
    if (!part.starts_with("http://") && !part.starts_with("https://")) {
      return Fail(ErrorCode::kInvalidArgument, "--model " + RedactUrl(spec) + ": '" +
                                                   RedactUrl(part) + "' is not an http(s) URL");
    }
    urls.push_back(part);
  }
  if (urls.empty())
    return Fail(ErrorCode::kInvalidArgument, "--model " + RedactUrl(spec) + ": no URL given");
  return urls;
}

}  // namespace

Result<ModelTarget> ResolveModel(const ModelOptions& options) {
  const std::string& m = options.model;
  if (m == "mock") return ModelTarget{models::MakeMockBackend(), "mock", "mock"};
  const KeySource generic_key = KeyFrom({"R1_EVAL_API_KEY", "OPENAI_API_KEY"});
  if (m == "local") {
    std::optional<std::string> override_url;
    if (auto v = EnvOr("R1_EVAL_LOCAL_URL", ""); !v.empty()) override_url = v;
    if (override_url) WarnPlainHttp(*override_url, generic_key);
    auto local = models::DiscoverLocal(override_url, generic_key.key, 1500);
    if (!local) {
      // A server that answered but refused the key is a usage error (exit 2), not "no server".
      if (HasAuthFailure(local.error())) {
        return std::unexpected(
            ProbeError(local.error(), override_url.value_or("local"), generic_key));
      }
      return std::unexpected(local.error());
    }
    std::string name = options.model_name.empty() ? local->models.front() : options.model_name;
    if (!options.model_name.empty()) {
      bool served = false;
      for (const auto& id : local->models) served = served || id == name;
      if (!served) {
        std::string list;
        for (const auto& id : local->models) list += (list.empty() ? "" : ", ") + id;
        return Fail(ErrorCode::kInvalidArgument, "--model-name " + name + ": not served by " +
                                                     RedactUrl(local->base_url) +
                                                     " (it serves: " + list + ")");
      }
    }
    models::EndpointOptions endpoint{local->base_url, generic_key.key, options.connect_timeout_s,
                                     options.idle_timeout_s};
    auto backend = models::MakeOpenAiBackend(endpoint);
    if (!backend) return std::unexpected(backend.error());
    return ModelTarget{std::move(*backend), name, RedactUrl(local->base_url),
                       models::ProbeCapacity({local->base_url}, generic_key.key, kCapacityProbeMs)};
  }
  if (m.starts_with("http://") || m.starts_with("https://") || m.starts_with("@")) {
    auto urls = EndpointList(m);
    if (!urls) return std::unexpected(urls.error());
    return FromUrls(*urls, generic_key, options, models::ProviderOfUrl(urls->front()));
  }
  if (auto colon = m.find(':'); colon != std::string::npos) {
    std::string provider = m.substr(0, colon);
    auto it = Providers().find(provider);
    if (it == Providers().end()) {
      return Fail(ErrorCode::kInvalidArgument,
                  "--model " + RedactUrl(m) + ": unknown provider '" + RedactUrl(provider) +
                      "' (known: deepseek, openai, openrouter; or pass a URL)");
    }
    KeySource key = KeyFrom(it->second.key_vars);
    if (key.key.empty()) {
      std::string vars;
      for (const char* v : it->second.key_vars) vars += (vars.empty() ? "" : " or ") + std::string(v);
      return Fail(ErrorCode::kInvalidArgument, "--model " + m + ": set " + vars);
    }
    ModelOptions named = options;
    named.model_name = m.substr(colon + 1);
    // R1_EVAL_<PROVIDER>_BASE_URL points a provider at a gateway or proxy of its API.
    std::string env_name = "R1_EVAL_" + provider + "_BASE_URL";
    std::transform(env_name.begin(), env_name.end(), env_name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    std::string base_url = EnvOr(env_name.c_str(), "");
    if (base_url.empty()) base_url = it->second.base_url;
    // A provider's list may not name every model it serves (aliases): only connection and key
    // are checked here; a wrong name is the provider's 4xx on the first request.
    return FromUrls({base_url}, key, named, provider, /*check_name=*/false);
  }
  return Fail(ErrorCode::kInvalidArgument,
              "--model " + RedactUrl(m) +
                  ": expected local, mock, a URL (http://host:port/v1) or "
                  "provider:name (e.g. deepseek:deepseek-reasoner)");
}

}  // namespace r1::cli

namespace r1::cli {

Result<std::optional<std::string>> ServedServerAnswers(const ModelOptions& options,
                                                       int timeout_ms) {
  const std::string& m = options.model;
  const std::string key = KeyFrom({"R1_EVAL_API_KEY", "OPENAI_API_KEY"}).key;
  if (m == "local") {
    std::optional<std::string> override_url;
    if (auto v = EnvOr("R1_EVAL_LOCAL_URL", ""); !v.empty()) override_url = v;
    auto local = models::DiscoverLocal(override_url, key, timeout_ms);
    if (!local) return std::optional<std::string>();
    return std::optional<std::string>(local->base_url);
  }
  if (m.starts_with("http://") || m.starts_with("https://")) {
    auto urls = EndpointList(m);
    if (!urls) return std::unexpected(urls.error());
    if (urls->size() == 1) {
      models::EndpointOptions endpoint{urls->front(), key, options.connect_timeout_s,
                                       options.idle_timeout_s};
      auto served = models::ListModels(endpoint, timeout_ms);
      if (!served || served->empty()) return std::optional<std::string>();
      return std::optional<std::string>(urls->front());
    }
  }
  return Fail(ErrorCode::kInvalidArgument,
              "--serve starts one local server: use it with --model local or with the one URL the "
              "server will answer at (e.g. http://127.0.0.1:8000/v1), not --model " + m);
}

}  // namespace r1::cli
