// HTTP GET into memory; see http_get.h.
#include "r1/data/http_get.h"

#include <curl/curl.h>

namespace r1::data {
namespace {

struct Body {
  std::string* out;
  std::size_t max;
};

std::size_t Append(char* data, std::size_t size, std::size_t n, void* user) {
  auto* body = static_cast<Body*>(user);
  if (body->out->size() + size * n > body->max) return 0;  // aborts the transfer
  body->out->append(data, size * n);
  return size * n;
}

}  // namespace

Result<HttpAnswer> HttpGet(const std::string& url, long timeout_s, std::size_t max_bytes) {
  HttpAnswer answer;
  Body body{&answer.body, max_bytes};
  CURL* curl = curl_easy_init();
  if (!curl) return Fail(ErrorCode::kUnavailable, "libcurl could not start");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 15L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeout_s);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // gzip: the rated-user list is large
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "r1-eval");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  const CURLcode rc = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
  curl_easy_cleanup(curl);
  if (rc == CURLE_WRITE_ERROR) {
    return Fail(ErrorCode::kUnavailable, url + ": answer larger than " + std::to_string(max_bytes) + " bytes");
  }
  if (rc != CURLE_OK) return Fail(ErrorCode::kUnavailable, url + ": " + curl_easy_strerror(rc));
  return answer;
}

}  // namespace r1::data
