// Turns a scripted Reply into the exact bytes and pauses the fake server sends: the shapes of
// llama.cpp/vLLM chat completions, with the requested fault worked in. Kept apart from the
// HTTP plumbing so the wire format is in one place.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "fake_openai_server.h"

namespace r1::testing {

/// Bytes to send after a pause.
struct Piece {
  std::string bytes;
  int delay_ms = 0;
};

struct ReplyPlan {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  int delay_before_headers_ms = 0;
  std::vector<Piece> pieces;
  bool chunked = false;  ///< Transfer-Encoding: chunked (streams) instead of Content-Length
  std::size_t content_length = 0;  ///< announced length when not chunked
  bool drop_after_pieces = false;  ///< close the connection instead of ending the body
};

/// The plan for answering `request` (a parsed chat-completions body) with `reply`.
ReplyPlan PlanReply(const Reply& reply, const nlohmann::json& request, std::uint64_t sequence,
                    const std::string& default_model);

/// An OpenAI-style error body: {"error":{"code","message","type"}}.
std::string ErrorBody(int code, const std::string& message, const std::string& type);

}  // namespace r1::testing
