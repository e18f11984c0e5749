// ProbeCapacity: GET the servers' own status pages on one libcurl multi handle, so asking
// three pages of several replicas costs one short wait, not one per page.
#include "r1/models/server_capacity.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>

#include "curl_util.h"

namespace r1::models {
namespace {

using Clock = std::chrono::steady_clock;

// Status pages are small; llama.cpp's /props holds the chat template, a few hundred KB at most.
constexpr std::size_t kMaxPageBytes = std::size_t{4} << 20;

struct Page {
  std::string url;
  CurlEasy easy;
  std::string body;
  bool ok = false;  ///< HTTP 200 with the whole body
};

std::size_t Collect(char* data, std::size_t size, std::size_t count, void* page_ptr) {
  auto* page = static_cast<Page*>(page_ptr);
  const std::size_t bytes = size * count;
  if (page->body.size() + bytes > kMaxPageBytes) return 0;
  page->body.append(data, bytes);
  return bytes;
}

// Every page at once; pages that fail, time out or answer anything but 200 stay !ok.
void FetchAll(std::vector<std::unique_ptr<Page>>& pages, const std::string& api_key,
              int timeout_ms) {
  InitCurlOnce();
  CurlMulti multi(curl_multi_init());
  CurlList headers = RequestHeaders(api_key, /*json_body=*/false);
  if (multi == nullptr || headers == nullptr) return;
  for (auto& page : pages) {
    page->easy.reset(curl_easy_init());
    if (page->easy == nullptr) continue;
    CURL* easy = page->easy.get();
    curl_easy_setopt(easy, CURLOPT_URL, page->url.c_str());
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &Collect);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, page.get());
    curl_easy_setopt(easy, CURLOPT_PRIVATE, page.get());
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_NOPROXY, NoProxyList().c_str());
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
    curl_multi_add_handle(multi.get(), easy);
  }
  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(timeout_ms + 250);
  for (int running = 1; running > 0;) {
    curl_multi_perform(multi.get(), &running);
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi.get(), &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      Page* page = nullptr;
      curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &page);
      long status = 0;
      curl_easy_getinfo(message->easy_handle, CURLINFO_RESPONSE_CODE, &status);
      page->ok = message->data.result == CURLE_OK && status == 200;
    }
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (running == 0 || left.count() <= 0) break;
    curl_multi_poll(multi.get(), nullptr, 0, static_cast<int>(std::min<long>(left.count(), 100)),
                    nullptr);
  }
  for (auto& page : pages) {
    if (page->easy != nullptr) curl_multi_remove_handle(multi.get(), page->easy.get());
  }
}

// A positive integer member of a JSON object body, or 0.
int PositiveInt(const std::string& body, const char* key) {
  const auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return 0;
  const auto it = json.find(key);
  if (it == json.end() || !it->is_number_integer()) return 0;
  const auto value = it->get<long long>();
  return value > 0 && value <= 1'000'000 ? static_cast<int>(value) : 0;
}

// llama.cpp serves /props at the server root, not under /v1; so do SGLang's pages.
std::string ServerRoot(std::string base_url) {
  while (!base_url.empty() && base_url.back() == '/') base_url.pop_back();
  if (base_url.ends_with("/v1")) base_url.resize(base_url.size() - 3);
  return base_url;
}

struct Source {
  const char* path;
  const char* label;
  int (*parse)(const std::string&);
};

// In order of preference; the first page of an endpoint that states a number wins.
constexpr Source kSources[] = {
    {"/props", "llama.cpp GET /props total_slots", &SlotsFromLlamaProps},
    {"/server_info", "SGLang GET /server_info max_running_requests", &SlotsFromSglangServerInfo},
    {"/get_server_info", "SGLang GET /get_server_info max_running_requests",
     &SlotsFromSglangServerInfo},
};

}  // namespace

int SlotsFromLlamaProps(const std::string& body) { return PositiveInt(body, "total_slots"); }

int SlotsFromSglangServerInfo(const std::string& body) {
  return PositiveInt(body, "max_running_requests");
}

std::optional<ServerCapacity> ProbeCapacity(const std::vector<std::string>& base_urls,
                                            const std::string& api_key, int timeout_ms) {
  if (base_urls.empty()) return std::nullopt;
  std::vector<std::unique_ptr<Page>> pages;
  for (const std::string& base_url : base_urls) {
    for (const Source& source : kSources) {
      auto page = std::make_unique<Page>();
      page->url = ServerRoot(base_url) + source.path;
      pages.push_back(std::move(page));
    }
  }
  FetchAll(pages, api_key, timeout_ms);
  ServerCapacity capacity;
  constexpr std::size_t kPerEndpoint = std::size(kSources);
  for (std::size_t endpoint = 0; endpoint < base_urls.size(); ++endpoint) {
    int slots = 0;
    for (std::size_t s = 0; s < kPerEndpoint && slots == 0; ++s) {
      const Page& page = *pages[endpoint * kPerEndpoint + s];
      if (!page.ok) continue;
      slots = kSources[s].parse(page.body);
      if (slots > 0 && capacity.source.find(kSources[s].label) == std::string::npos) {
        capacity.source += (capacity.source.empty() ? "" : ", ") + std::string(kSources[s].label);
      }
    }
    if (slots == 0) return std::nullopt;
    capacity.slots += slots;
  }
  if (base_urls.size() > 1) {
    capacity.source += " summed over " + std::to_string(base_urls.size()) + " endpoints";
  }
  return capacity;
}

}  // namespace r1::models
