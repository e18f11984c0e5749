// ProbeCapacity: GET the servers' own status pages all at once (FetchPages), so asking three
// pages of several replicas costs one short wait, not one per page.
#include "r1/models/server_capacity.h"

#include <curl/curl.h>

#include <nlohmann/json.hpp>

#include "curl_util.h"

namespace r1::models {
namespace {

// Status pages are small; llama.cpp's /props holds the chat template, a few hundred KB at most.
constexpr std::size_t kMaxPageBytes = std::size_t{4} << 20;

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
  std::vector<std::string> urls;
  for (const std::string& base_url : base_urls) {
    for (const Source& source : kSources) urls.push_back(ServerRoot(base_url) + source.path);
  }
  // Pages that fail, time out or answer anything but 200 state nothing.
  const std::vector<FetchedPage> pages = FetchPages(urls, api_key, timeout_ms, kMaxPageBytes);
  ServerCapacity capacity;
  constexpr std::size_t kPerEndpoint = std::size(kSources);
  for (std::size_t endpoint = 0; endpoint < base_urls.size(); ++endpoint) {
    int slots = 0;
    for (std::size_t s = 0; s < kPerEndpoint && slots == 0; ++s) {
      const FetchedPage& page = pages[endpoint * kPerEndpoint + s];
      if (!page.done || page.code != CURLE_OK || page.status != 200) continue;
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
