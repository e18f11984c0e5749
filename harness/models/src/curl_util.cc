// libcurl helpers (see curl_util.h).
#include "curl_util.h"

#include <cctype>
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

}  // namespace r1::models
