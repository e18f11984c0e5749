// See r1/core/url.h.
#include "r1/core/url.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "r1/core/text.h"

namespace r1 {
namespace {

bool SecretParameter(std::string_view name) {
  static constexpr std::array<std::string_view, 11> kNames = {
      "key",      "api_key", "api-key", "apikey",    "token", "access_token",
      "password", "secret",  "sig",     "signature", "auth"};
  const std::string lower = AsciiLower(name);
  return std::find(kNames.begin(), kNames.end(), lower) != kNames.end();
}

// [start of host, end of authority) in `url`, or npos when it has no "scheme://".
std::pair<std::size_t, std::size_t> Authority(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {std::string_view::npos, std::string_view::npos};
  const std::size_t start = scheme + 3;
  std::size_t end = url.find_first_of("/?#", start);
  if (end == std::string_view::npos) end = url.size();
  return {start, end};
}

}  // namespace

bool UrlHasUserInfo(std::string_view url) {
  auto [start, end] = Authority(url);
  return start != std::string_view::npos &&
         url.substr(start, end - start).find('@') != std::string_view::npos;
}

std::string RedactUrl(std::string_view url) {
  auto [start, end] = Authority(url);
  if (start == std::string_view::npos) return std::string(url);
  std::string out(url.substr(0, start));
  const std::string_view authority = url.substr(start, end - start);
  const std::size_t at = authority.rfind('@');
  out += at == std::string_view::npos ? authority : authority.substr(at + 1);
  std::string_view rest = url.substr(end);
  const std::size_t query = rest.find('?');
  if (query == std::string_view::npos) return out + std::string(rest);
  out += rest.substr(0, query + 1);
  rest.remove_prefix(query + 1);
  std::string_view fragment;
  if (const std::size_t hash = rest.find('#'); hash != std::string_view::npos) {
    fragment = rest.substr(hash);
    rest = rest.substr(0, hash);
  }
  bool first = true;
  while (true) {
    const std::size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    if (!first) out += '&';
    first = false;
    const std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos && SecretParameter(pair.substr(0, eq))) {
      out += std::string(pair.substr(0, eq + 1)) + "[redacted]";
    } else {
      out += pair;
    }
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return out + std::string(fragment);
}

bool PlainHttpToRemoteHost(std::string_view url) {
  if (!AsciiLower(url.substr(0, 7)).starts_with("http://")) return false;
  auto [start, end] = Authority(url);
  std::string_view host = url.substr(start, end - start);
  if (const std::size_t at = host.rfind('@'); at != std::string_view::npos)
    host.remove_prefix(at + 1);
  if (host.starts_with("[")) {
    host = host.substr(1, host.find(']') - 1);  // [::1]:8000
  } else if (const std::size_t colon = host.rfind(':'); colon != std::string_view::npos) {
    host = host.substr(0, colon);
  }
  const std::string lower = AsciiLower(host);
  return !(lower == "localhost" || lower == "::1" || lower.starts_with("127.") ||
           lower.ends_with(".localhost"));
}

}  // namespace r1
