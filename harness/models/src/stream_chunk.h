// The fast path for one streamed chat chunk: a single pass over the JSON text that checks it is
// well-formed JSON (as strictly as nlohmann's parser: UTF-8, escapes, numbers, no trailing
// bytes) and picks out only what StreamAssembler needs, without building a tree. A stream of
// R1-length answers is thousands of chunks per sample; a tree per chunk was most of the CPU
// the harness spent per sample.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace r1::models {

struct StreamChunk {
  std::optional<std::string> model;
  // usage
  std::optional<std::int64_t> prompt_tokens, completion_tokens, reasoning_tokens;
  // the first choice whose "index" is 0 or absent
  bool has_choice = false;
  std::optional<std::string> content, reasoning_content, reasoning, finish_reason;
};

enum class ChunkScan {
  kOk,         ///< `out` holds the chunk's fields
  kMalformed,  ///< not a JSON object
  kSlowPath,   ///< valid, but carries something rare (an "error" member): read it with a tree
};

ChunkScan ScanStreamChunk(std::string_view json, StreamChunk& out);

}  // namespace r1::models
