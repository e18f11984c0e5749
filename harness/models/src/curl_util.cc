// libcurl helpers (see curl_util.h).
#include "curl_util.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <mutex>

#include "r1/core/url.h"

namespace r1::models {

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Result<std::string> NormalizeBaseUrl(std::string_view url) {
  std::string lower;
  for (char c : url.substr(0, 8)) lower.push_back(static_cast<char>(std::tolower(c)));
  std::size_t scheme_end = 0;
  if (lower.starts_with("http://")) {
    scheme_end = 7;
  } else if (lower.starts_with("https://")) {
    scheme_end = 8;
  } else {
    return Fail(ErrorCode::kInvalidArgument,
                "model URL must start with http:// or https://: " + RedactedUrl(url));
  }
  while (url.size() > scheme_end && url.back() == '/') url.remove_suffix(1);
  if (url.size() == scheme_end || url[scheme_end] == '/') {
    return Fail(ErrorCode::kInvalidArgument, "model URL has no host: " + RedactedUrl(url));
  }
  return std::string(url);
}

std::string RedactedUrl(std::string_view url) { return RedactUrl(url); }

const std::string& NoProxyList() {
  static const std::string list = [] {
    std::string value = "localhost,127.0.0.1,::1";
    for (const char* name : {"no_proxy", "NO_PROXY"}) {
      if (const char* env = std::getenv(name); env != nullptr && *env != '\0') {
        value = std::string(env) + "," + value;
        break;
      }
    }
    return value;
  }();
  return list;
}

CurlList RequestHeaders(const std::string& api_key, bool json_body) {
  CurlList list;
  auto append = [&list](const std::string& line) {
    curl_slist* grown = curl_slist_append(list.get(), line.c_str());
    if (grown == nullptr) return false;
    (void)list.release();
    list.reset(grown);
    return true;
  };
  bool ok = append("Accept: application/json, text/event-stream");
  if (json_body) {
    ok = ok && append("Content-Type: application/json");
    // curl would otherwise send "Expect: 100-continue" for large prompts and wait for the
    // server's go-ahead, a round trip some servers never answer.
    ok = ok && append("Expect:");
  }
  if (!api_key.empty()) ok = ok && append("Authorization: Bearer " + api_key);
  if (!ok) return nullptr;
  return list;
}

Error TransportError(CURLcode code, const char* error_buffer) {
  std::string detail = error_buffer != nullptr && *error_buffer != '\0'
                           ? std::string(error_buffer)
                           : std::string(curl_easy_strerror(code));
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return MakeError(ErrorCode::kDeadlineExceeded, std::move(detail));
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return MakeError(ErrorCode::kInvalidArgument, std::move(detail));
    default:
      return MakeError(ErrorCode::kUnavailable, std::move(detail));
  }
}

std::string Redact(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (std::size_t at = text.find(secret); at != std::string::npos;
       at = text.find(secret, at + 10)) {
    text.replace(at, secret.size(), "[redacted]");
  }
  return text;
}

namespace {

// A page being fetched: its result plus what curl writes into while it runs.
struct PageTransfer {
  FetchedPage* page = nullptr;
  std::size_t max_body_bytes = 0;
  CurlEasy easy;
  char error[CURL_ERROR_SIZE] = {};
};

std::size_t CollectPage(char* data, std::size_t size, std::size_t count, void* transfer_ptr) {
  auto* transfer = static_cast<PageTransfer*>(transfer_ptr);
  const std::size_t bytes = size * count;
  std::string& body = transfer->page->body;
  if (body.size() + bytes > transfer->max_body_bytes) return 0;  // CURLE_WRITE_ERROR
  body.append(data, bytes);
  return bytes;
}

}  // namespace

std::vector<FetchedPage> FetchPages(
    const std::vector<std::string>& urls, const std::string& api_key, int timeout_ms,
    std::size_t max_body_bytes,
    const std::function<bool(const std::vector<FetchedPage>&)>& settled) {
  using Clock = std::chrono::steady_clock;
  InitCurlOnce();
  std::vector<FetchedPage> pages(urls.size());
  std::vector<std::unique_ptr<PageTransfer>> transfers;
  CurlMulti multi(curl_multi_init());
  CurlList headers = RequestHeaders(api_key, /*json_body=*/false);
  for (std::size_t i = 0; i < urls.size(); ++i) {
    FetchedPage& page = pages[i];
    page.url = urls[i];
    auto transfer = std::make_unique<PageTransfer>();
    transfer->page = &page;
    transfer->max_body_bytes = max_body_bytes;
    transfer->easy.reset(curl_easy_init());
    if (multi == nullptr || headers == nullptr || transfer->easy == nullptr) {
      page.done = true;
      page.code = CURLE_FAILED_INIT;
      continue;
    }
    CURL* easy = transfer->easy.get();
    curl_easy_setopt(easy, CURLOPT_URL, page.url.c_str());
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &CollectPage);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, transfer.get());
    curl_easy_setopt(easy, CURLOPT_PRIVATE, transfer.get());
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer->error);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_NOPROXY, NoProxyList().c_str());
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms));
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout_ms));
    if (curl_multi_add_handle(multi.get(), easy) != CURLM_OK) {
      page.done = true;
      page.code = CURLE_FAILED_INIT;
      continue;
    }
    transfers.push_back(std::move(transfer));
  }
  // A little slack past curl's own timeouts so they, with their clearer errors, fire first.
  // A handful of handles: curl_multi_poll's pass over all of them costs nothing here.
  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(timeout_ms + 250);
  const auto finished = [&] {
    return std::all_of(pages.begin(), pages.end(), [](const FetchedPage& p) { return p.done; }) ||
           (settled && settled(pages));
  };
  while (!finished()) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) break;
    int running = 0;
    curl_multi_perform(multi.get(), &running);
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi.get(), &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      PageTransfer* transfer = nullptr;
      curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &transfer);
      FetchedPage& page = *transfer->page;
      page.done = true;
      page.code = message->data.result;
      curl_easy_getinfo(message->easy_handle, CURLINFO_RESPONSE_CODE, &page.status);
      if (page.code != CURLE_OK) {
        page.error = transfer->error[0] != '\0' ? transfer->error : curl_easy_strerror(page.code);
      }
    }
    if (finished()) break;
    curl_multi_poll(multi.get(), nullptr, 0, static_cast<int>(std::min<long>(left.count(), 100)),
                    nullptr);
  }
  for (auto& transfer : transfers) curl_multi_remove_handle(multi.get(), transfer->easy.get());
  return pages;
}

}  // namespace r1::models
