// Small libcurl helpers shared by the chat backend and server discovery: RAII handles,
// one-time global init, URL checks, the mapping of transport failures to error codes, and the
// concurrent fetch of small pages (model lists, status pages).
#pragma once

#include <curl/curl.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "r1/core/error.h"

namespace r1::models {

struct CurlEasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct CurlMultiDeleter {
  void operator()(CURLM* handle) const { curl_multi_cleanup(handle); }
};
struct CurlListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;
using CurlMulti = std::unique_ptr<CURLM, CurlMultiDeleter>;
using CurlList = std::unique_ptr<curl_slist, CurlListDeleter>;

/// curl_global_init, once per process, before the first handle is made.
void InitCurlOnce();

/// `url` checked to be http(s) with a host, without trailing '/'. kInvalidArgument otherwise.
Result<std::string> NormalizeBaseUrl(std::string_view url);

/// `url` without any "user:password@", for messages and Describe().
std::string RedactedUrl(std::string_view url);

/// The process's no_proxy list plus loopback: a local server must never be reached through
/// an http_proxy from the environment, while remote APIs still honour it.
const std::string& NoProxyList();

/// Request headers: JSON body, and "Authorization: Bearer" when `api_key` is not empty.
/// nullptr when out of memory.
CurlList RequestHeaders(const std::string& api_key, bool json_body);

/// The error for a transfer that curl itself failed: connect timeouts are kDeadlineExceeded,
/// a bad URL kInvalidArgument, everything else (refused, reset, cut short) kUnavailable.
Error TransportError(CURLcode code, const char* error_buffer);

/// `text` with every occurrence of `secret` replaced, so a server echoing the API key cannot
/// leak it into stored errors.
std::string Redact(std::string text, const std::string& secret);

/// One GET of FetchPages.
struct FetchedPage {
  std::string url;
  bool done = false;  ///< curl finished it; false: still running when the wait ended
  CURLcode code = CURLE_OK;  ///< CURLE_FAILED_INIT when libcurl could not allocate a handle
  long status = 0;           ///< HTTP status, 0 when none arrived
  std::string body;          ///< at most max_body_bytes (more fails with CURLE_WRITE_ERROR)
  std::string error;         ///< curl's own message for a failed transfer, else empty
};

/// GETs every URL at once on one multi handle, so asking several servers or pages costs one
/// wait, not one per page. Each has a connect and total timeout of `timeout_ms` (a page is
/// small and instant, unlike a generation). Returns, in the order given, when every page is
/// done, when `settled` (if given) says the answer is known, or a little after `timeout_ms`.
std::vector<FetchedPage> FetchPages(
    const std::vector<std::string>& urls, const std::string& api_key, int timeout_ms,
    std::size_t max_body_bytes,
    const std::function<bool(const std::vector<FetchedPage>&)>& settled = {});

}  // namespace r1::models
