// The little of HTTP/1.1 the event-loop fake server speaks: one request taken off the front
// of a connection's bytes (Content-Length bodies only), a response head, a chunk.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace r1::testing::http1 {

/// A request taken off a connection.
struct Request {
  std::string method, path, body;
  bool close = false;  ///< "Connection: close"
};

/// Parses one request from the front of `in` and removes it; nullopt while it is incomplete. A
/// malformed one (or a head over 64 KiB) comes back with an empty method.
std::optional<Request> TakeRequest(std::string& in);

/// Status line and headers, ending with the blank line; Content-Length unless `chunked`.
std::string Head(int status, const std::string& content_type,
                 const std::vector<std::pair<std::string, std::string>>& headers,
                 std::size_t content_length, bool chunked, int keep_alive_s);

/// One chunk of a chunked body.
std::string Chunk(const std::string& bytes);

}  // namespace r1::testing::http1
