// ListModels and DiscoverLocal: GET {base_url}/models on several servers at once through one
// libcurl multi handle, so probing five ports costs one timeout, not five.
#include "model_discovery.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "chat_response.h"
#include "curl_util.h"

namespace r1::models {
namespace {

using Clock = std::chrono::steady_clock;

// A model list is small; anything bigger is not one.
constexpr std::size_t kMaxModelListBytes = std::size_t{4} << 20;

struct Probe {
  std::string url;
  CurlEasy easy;
  std::string body;
  char error[CURL_ERROR_SIZE] = {};
  bool done = false;
  Result<std::vector<std::string>> models = std::vector<std::string>();
};

std::size_t CollectBody(char* data, std::size_t size, std::size_t count, void* probe_ptr) {
  auto* probe = static_cast<Probe*>(probe_ptr);
  const std::size_t bytes = size * count;
  if (probe->body.size() + bytes > kMaxModelListBytes) return 0;
  probe->body.append(data, bytes);
  return bytes;
}

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
Result<std::vector<std::string>> ProbeOutcome(const Probe& probe, CURLcode code, int timeout_ms) {
  if (code == CURLE_COULDNT_CONNECT) return Fail(ErrorCode::kUnavailable, "connection refused");
  if (code == CURLE_OPERATION_TIMEDOUT) {
    return Fail(ErrorCode::kUnavailable, "no answer within " + std::to_string(timeout_ms) + " ms");
  }
  if (code == CURLE_WRITE_ERROR) return Fail(ErrorCode::kDataLoss, "model list too large");
  if (code != CURLE_OK) return std::unexpected(TransportError(code, probe.error));
  long status = 0;
  curl_easy_getinfo(probe.easy.get(), CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) {
    std::string message = "HTTP " + std::to_string(status);
    if (const std::string detail = ServerErrorMessage(probe.body); !detail.empty()) {
      message += ": " + detail;
    }
    const ErrorCode error_code = status == 429   ? ErrorCode::kResourceExhausted
                                 : status >= 500 ? ErrorCode::kUnavailable
                                                 : ErrorCode::kRejected;
    return Fail(error_code, std::move(message));
  }
  return ParseModelList(probe.body);
}

// Probes every URL at once until `settled` says the answer is known, every probe is done, or
// the time is up. Probes still running then count as not answering.
std::vector<std::unique_ptr<Probe>> RunProbes(
    const std::vector<std::string>& base_urls, const std::string& api_key, int timeout_ms,
    const std::function<bool(const std::vector<std::unique_ptr<Probe>>&)>& settled) {
  InitCurlOnce();
  std::vector<std::unique_ptr<Probe>> probes;
  const auto timed_out = [timeout_ms](Probe& probe) {
    probe.done = true;
    probe.models =
        Fail(ErrorCode::kUnavailable, "no answer within " + std::to_string(timeout_ms) + " ms");
  };
  CurlMulti multi(curl_multi_init());
  CurlList headers = RequestHeaders(api_key, /*json_body=*/false);
  for (const std::string& base_url : base_urls) {
    auto probe = std::make_unique<Probe>();
    probe->url = base_url + "/models";
    probe->easy.reset(curl_easy_init());
    if (multi == nullptr || headers == nullptr || probe->easy == nullptr) {
      probe->done = true;
      probe->models = Fail(ErrorCode::kInternal, "libcurl could not allocate a handle");
      probes.push_back(std::move(probe));
      continue;
    }
    CURL* easy = probe->easy.get();
    curl_easy_setopt(easy, CURLOPT_URL, probe->url.c_str());
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &CollectBody);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, probe.get());
    curl_easy_setopt(easy, CURLOPT_PRIVATE, probe.get());
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, probe->error);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_NOPROXY, NoProxyList().c_str());
    // Unlike a generation, listing models is instant, so a total timeout is right here.
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout_ms));
    curl_multi_add_handle(multi.get(), easy);
    probes.push_back(std::move(probe));
  }

  // A little slack past curl's own timeouts so they, with their clearer errors, fire first.
  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(timeout_ms + 250);
  const auto all_done = [&probes] {
    return std::all_of(probes.begin(), probes.end(), [](const auto& p) { return p->done; });
  };
  while (!all_done() && !settled(probes)) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) break;
    int running = 0;
    curl_multi_perform(multi.get(), &running);
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi.get(), &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      Probe* probe = nullptr;
      curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &probe);
      probe->done = true;
      probe->models = ProbeOutcome(*probe, message->data.result, timeout_ms);
    }
    if (all_done() || settled(probes)) break;
    curl_multi_poll(multi.get(), nullptr, 0, static_cast<int>(std::min<long>(left.count(), 100)),
                    nullptr);
  }
  for (auto& probe : probes) {
    if (probe->easy != nullptr && multi != nullptr) {
      curl_multi_remove_handle(multi.get(), probe->easy.get());
    }
    if (!probe->done) timed_out(*probe);
  }
  return probes;
}

bool Answered(const Probe& probe) { return probe.done && probe.models && !probe.models->empty(); }

// Settled once the first candidate that can still answer has answered.
bool FirstInOrderKnown(const std::vector<std::unique_ptr<Probe>>& probes) {
  for (const auto& probe : probes) {
    if (!probe->done) return false;
    if (Answered(*probe)) return true;
  }
  return true;
}

std::string NotFoundParagraph(const std::vector<Candidate>& candidates,
                              const std::vector<std::unique_ptr<Probe>>& probes) {
  std::string tried;
  for (std::size_t i = 0; i < probes.size(); ++i) {
    const Probe& probe = *probes[i];
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
  std::vector<std::unique_ptr<Probe>> probes =
      RunProbes(urls, api_key, timeout_ms, FirstInOrderKnown);
  for (std::size_t i = 0; i < probes.size(); ++i) {
    if (Answered(*probes[i])) return LocalServer{candidates[i].base_url, *probes[i]->models};
  }
  return Fail(ErrorCode::kUnavailable, Redact(NotFoundParagraph(candidates, probes), api_key));
}

Result<std::vector<std::string>> ListModels(const EndpointOptions& options, int timeout_ms) {
  Result<std::string> base_url = NormalizeBaseUrl(options.base_url);
  if (!base_url) return std::unexpected(std::move(base_url.error()));
  auto probes =
      RunProbes({*base_url}, options.api_key, timeout_ms, [](const auto&) { return false; });
  Result<std::vector<std::string>>& models = probes.front()->models;
  if (!models) {
    models.error().message = Redact(
        "GET " + RedactedUrl(probes.front()->url) + ": " + models.error().message, options.api_key);
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
