// ListModels and DiscoverLocal: GET {base_url}/models on several servers at once through one
// libcurl multi handle (FetchPages), so probing five ports costs one timeout, not five.
#include "model_discovery.h"

#include <curl/curl.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "chat_response.h"
#include "curl_util.h"

namespace r1::models {
namespace {

// A model list is small; anything bigger is not one.
constexpr std::size_t kMaxModelListBytes = std::size_t{4} << 20;

Result<std::vector<std::string>> ParseModelList(std::string_view body) {
  const auto list = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  const auto data = list.is_object() ? list.find("data") : list.end();
  if (!list.is_object() || data == list.end() || !data->is_array()) {
    return Fail(ErrorCode::kDataLoss, "not an OpenAI-compatible model list");
  }
  std::vector<std::string> ids;
  for (const auto& model : *data) {
    const auto id = model.is_object() ? model.find("id") : model.end();
    if (model.is_object() && id != model.end() && id->is_string()) {
      ids.push_back(id->get<std::string>());
    }
  }
  return ids;
}

// Short outcome texts: they are listed side by side in one sentence.
Result<std::vector<std::string>> ProbeOutcome(const FetchedPage& page, int timeout_ms) {
  if (!page.done || page.code == CURLE_OPERATION_TIMEDOUT) {
    return Fail(ErrorCode::kUnavailable, "no answer within " + std::to_string(timeout_ms) + " ms");
  }
  if (page.code == CURLE_FAILED_INIT) {
    return Fail(ErrorCode::kInternal, "libcurl could not allocate a handle");
  }
  if (page.code == CURLE_COULDNT_CONNECT) return Fail(ErrorCode::kUnavailable, "connection refused");
  if (page.code == CURLE_WRITE_ERROR) return Fail(ErrorCode::kDataLoss, "model list too large");
  if (page.code != CURLE_OK) return std::unexpected(TransportError(page.code, page.error.c_str()));
  if (page.status != 200) {
    std::string message = "HTTP " + std::to_string(page.status);
    if (const std::string detail = ServerErrorMessage(page.body); !detail.empty()) {
      message += ": " + detail;
    }
    const ErrorCode error_code = page.status == 429   ? ErrorCode::kResourceExhausted
                                 : page.status >= 500 ? ErrorCode::kUnavailable
                                                      : ErrorCode::kRejected;
    return Fail(error_code, std::move(message));
  }
  return ParseModelList(page.body);
}

// What one server's GET /models came to.
struct Probe {
  std::string url;
  Result<std::vector<std::string>> models = std::vector<std::string>();
};

// Whether a finished page lists at least one model (cheap enough to decide settling: a
// model list is parsed again only for the answer).
bool ListsModels(const FetchedPage& page) {
  if (!page.done || page.code != CURLE_OK || page.status != 200) return false;
  const Result<std::vector<std::string>> models = ParseModelList(page.body);
  return models && !models->empty();
}

// Probes every URL at once until `settled` says the answer is known, every probe is done, or
// the time is up. Probes still running then count as not answering.
std::vector<Probe> RunProbes(const std::vector<std::string>& base_urls,
                             const std::string& api_key, int timeout_ms,
                             const std::function<bool(const std::vector<FetchedPage>&)>& settled) {
  std::vector<std::string> urls;
  for (const std::string& base_url : base_urls) urls.push_back(base_url + "/models");
  std::vector<Probe> probes;
  for (const FetchedPage& page :
       FetchPages(urls, api_key, timeout_ms, kMaxModelListBytes, settled)) {
    probes.push_back(Probe{page.url, ProbeOutcome(page, timeout_ms)});
  }
  return probes;
}

bool Answered(const Probe& probe) { return probe.models && !probe.models->empty(); }

// Settled once the first candidate that can still answer has answered.
bool FirstInOrderKnown(const std::vector<FetchedPage>& pages) {
  for (const FetchedPage& page : pages) {
    if (!page.done) return false;
    if (ListsModels(page)) return true;
  }
  return true;
}

std::string NotFoundParagraph(const std::vector<Candidate>& candidates,
                              const std::vector<Probe>& probes) {
  std::string tried;
  for (std::size_t i = 0; i < probes.size(); ++i) {
    const Probe& probe = probes[i];
    const std::string outcome = probe.models ? "no models loaded" : probe.models.error().message;
    if (!tried.empty()) tried += ", ";
    tried += RedactedUrl(candidates[i].base_url) + " (";
    if (!candidates[i].label.empty()) tried += candidates[i].label + ": ";
    tried += outcome + ")";
  }
  std::string text;
  if (candidates.size() == 1 && candidates[0].label.empty()) {
    text = "The model server at " + tried + " did not answer /models with a model. ";
    text += "R1_EVAL_LOCAL_URL or --model URL (http://host:port/v1) selects another server";
  } else {
    text = "No local OpenAI-compatible server answered /v1/models with a model; tried " + tried;
    text += ". Set R1_EVAL_LOCAL_URL or pass --model URL (http://host:port/v1) to use another";
    text += " server";
  }
  text +=
      ", or start one, e.g. `vllm serve deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B` (port 8000), "
      "`llama-server -m model.gguf --port 8080` or `ollama serve` (port 11434, then "
      "`ollama pull` a model).";
  return text;
}

// "http://host:port" means the server root; OpenAI-compatible servers serve under /v1.
std::string WithApiPath(std::string url) {
  const std::size_t host = url.find("://");
  if (host != std::string::npos && url.find('/', host + 3) == std::string::npos) url += "/v1";
  return url;
}

}  // namespace

Result<LocalServer> FirstServerAnswering(const std::vector<Candidate>& candidates,
                                         const std::string& api_key, int timeout_ms) {
  std::vector<std::string> urls;
  for (const Candidate& candidate : candidates) urls.push_back(candidate.base_url);
  std::vector<Probe> probes = RunProbes(urls, api_key, timeout_ms, FirstInOrderKnown);
  for (std::size_t i = 0; i < probes.size(); ++i) {
    if (Answered(probes[i])) return LocalServer{candidates[i].base_url, *probes[i].models};
  }
  return Fail(ErrorCode::kUnavailable, Redact(NotFoundParagraph(candidates, probes), api_key));
}

Result<std::vector<std::string>> ListModels(const EndpointOptions& options, int timeout_ms) {
  Result<std::string> base_url = NormalizeBaseUrl(options.base_url);
  if (!base_url) return std::unexpected(std::move(base_url.error()));
  std::vector<Probe> probes = RunProbes({*base_url}, options.api_key, timeout_ms, {});
  Result<std::vector<std::string>>& models = probes.front().models;
  if (!models) {
    models.error().message = Redact(
        "GET " + RedactedUrl(probes.front().url) + ": " + models.error().message, options.api_key);
  }
  return std::move(models);
}

Result<LocalServer> DiscoverLocal(const std::optional<std::string>& override_url,
                                  const std::string& api_key, int timeout_ms) {
  std::vector<Candidate> candidates;
  if (override_url) {
    Result<std::string> url = NormalizeBaseUrl(*override_url);
    if (!url) return std::unexpected(std::move(url.error()));
    candidates.push_back({WithApiPath(std::move(*url)), ""});
  } else {
    candidates = {{"http://127.0.0.1:8000/v1", "vLLM"},
                  {"http://127.0.0.1:30000/v1", "SGLang"},
                  {"http://127.0.0.1:8080/v1", "llama.cpp"},
                  {"http://127.0.0.1:11434/v1", "Ollama"},
                  {"http://127.0.0.1:1234/v1", "LM Studio"}};
  }
  return FirstServerAnswering(candidates, api_key, timeout_ms);
}

}  // namespace r1::models
