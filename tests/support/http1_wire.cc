// See http1_wire.h.
#include "http1_wire.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace r1::testing::http1 {
namespace {

const char* Reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::optional<Request> TakeRequest(std::string& in) {
  const std::size_t head_end = in.find("\r\n\r\n");
  if (head_end == std::string::npos) {
    if (in.size() > (1 << 16)) return Request{};
    return std::nullopt;
  }
  Request request;
  std::size_t content_length = 0;
  std::string_view head(in.data(), head_end);
  const std::size_t line_end = std::min(head.find("\r\n"), head.size());
  const std::string_view line = head.substr(0, line_end);
  const std::size_t sp1 = line.find(' ');
  const std::size_t sp2 = line.find(' ', sp1 + 1);
  if (sp1 == std::string_view::npos || sp2 == std::string_view::npos) return Request{};
  for (std::size_t at = line_end + 2; at < head.size();) {
    std::size_t end = std::min(head.find("\r\n", at), head.size());
    const std::string_view header = head.substr(at, end - at);
    at = end + 2;
    const std::size_t colon = header.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view name = header.substr(0, colon);
    std::string_view value = header.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (EqualsIgnoringCase(name, "content-length")) {
      content_length = std::strtoull(std::string(value).c_str(), nullptr, 10);
    } else if (EqualsIgnoringCase(name, "connection") && EqualsIgnoringCase(value, "close")) {
      request.close = true;
    }
  }
  if (in.size() < head_end + 4 + content_length) return std::nullopt;
  request.method = std::string(line.substr(0, sp1));
  request.path = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  request.body = in.substr(head_end + 4, content_length);
  in.erase(0, head_end + 4 + content_length);
  return request;
}

std::string Head(int status, const std::string& content_type,
                 const std::vector<std::pair<std::string, std::string>>& headers,
                 std::size_t content_length, bool chunked, int keep_alive_s) {
  std::string head = "HTTP/1.1 " + std::to_string(status) + " " + Reason(status) + "\r\n";
  head += "Content-Type: " + content_type + "\r\n";
  for (const auto& [name, value] : headers) head += name + ": " + value + "\r\n";
  head += chunked ? std::string("Transfer-Encoding: chunked\r\n")
                  : "Content-Length: " + std::to_string(content_length) + "\r\n";
  head += "Keep-Alive: timeout=" + std::to_string(keep_alive_s) + ", max=1000000\r\n\r\n";
  return head;
}

std::string Chunk(const std::string& bytes) {
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", bytes.size());
  return size + bytes + "\r\n";
}

}  // namespace r1::testing::http1
