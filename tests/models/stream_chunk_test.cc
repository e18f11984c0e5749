// The one-pass chunk scanner against nlohmann's parser: the same inputs are accepted, and the
// same fields come out, for real chunk shapes, odd-but-valid JSON, every truncation of a chunk
// and single-byte corruptions.
#include "stream_chunk.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace r1::models {
namespace {

using nlohmann::json;

std::optional<std::string> Str(const json& o, const char* key) {
  if (!o.is_object() || !o.contains(key) || !o[key].is_string()) return std::nullopt;
  return o[key].get<std::string>();
}
std::optional<std::int64_t> Int(const json& o, const char* key) {
  if (!o.is_object() || !o.contains(key) || !o[key].is_number_integer()) return std::nullopt;
  return o[key].get<std::int64_t>();
}

// What the tree path reads from a chunk, in StreamChunk form.
StreamChunk FromTree(const json& chunk) {
  StreamChunk out;
  out.model = Str(chunk, "model");
  if (chunk.contains("usage") && chunk["usage"].is_object()) {
    const json& usage = chunk["usage"];
    out.prompt_tokens = Int(usage, "prompt_tokens");
    out.completion_tokens = Int(usage, "completion_tokens");
    if (usage.contains("completion_tokens_details")) {
      out.reasoning_tokens = Int(usage["completion_tokens_details"], "reasoning_tokens");
    }
  }
  if (chunk.contains("choices") && chunk["choices"].is_array()) {
    for (const json& choice : chunk["choices"]) {
      const auto index = Int(choice, "index");
      if (index && *index != 0) continue;
      out.has_choice = true;
      out.finish_reason = Str(choice, "finish_reason");
      if (choice.is_object() && choice.contains("delta")) {
        out.content = Str(choice["delta"], "content");
        out.reasoning_content = Str(choice["delta"], "reasoning_content");
        out.reasoning = Str(choice["delta"], "reasoning");
      }
      break;
    }
  }
  return out;
}

void CheckSame(const std::string& text) {
  INFO("chunk: " << text);
  StreamChunk fast;
  const ChunkScan scan = ScanStreamChunk(text, fast);
  const json tree = json::parse(text, nullptr, /*allow_exceptions=*/false);
  const bool valid_object = tree.is_object();
  REQUIRE((scan != ChunkScan::kMalformed) == valid_object);
  if (!valid_object) return;
  const bool has_error = tree.contains("error") && !tree["error"].is_null();
  REQUIRE((scan == ChunkScan::kSlowPath) == has_error);
  if (has_error) return;
  const StreamChunk slow = FromTree(tree);
  CHECK(fast.model == slow.model);
  CHECK(fast.prompt_tokens == slow.prompt_tokens);
  CHECK(fast.completion_tokens == slow.completion_tokens);
  CHECK(fast.reasoning_tokens == slow.reasoning_tokens);
  CHECK(fast.has_choice == slow.has_choice);
  CHECK(fast.content == slow.content);
  CHECK(fast.reasoning_content == slow.reasoning_content);
  CHECK(fast.reasoning == slow.reasoning);
  CHECK(fast.finish_reason == slow.finish_reason);
}

const std::vector<std::string> kChunks = {
    R"({"choices":[{"delta":{"content":"abcdefghijklmnopqrstuvwxyz0123456789 \" ABCDEFGHIJKLMNOPQRSTUVWXYZ"},"index":0}]})",
    R"({"choices":[{"delta":{"content":null,"role":"assistant"},"finish_reason":null,"index":0}],"created":1700000000,"id":"x","model":"m","object":"chat.completion.chunk"})",
    R"({"choices":[{"delta":{"content":"2+2 \u65e5\ud83d\ude00 \"q\" \\ \/ \n\t"},"index":0}],"model":"m"})",
    R"({"choices":[{"delta":{"reasoning_content":"think","content":""},"index":0}]})",
    R"({"choices":[{"delta":{"reasoning":"newer vllm"},"index":0}]})",
    R"({"choices":[{"finish_reason":"length","delta":{},"index":0}]})",
    R"({"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":345,"total_tokens":357,"completion_tokens_details":{"reasoning_tokens":300},"prompt_tokens_details":{"cached_tokens":0}}})",
    R"({"choices":[{"index":1,"delta":{"content":"second"}},{"index":0,"delta":{"content":"first"}}]})",
    R"({"choices":[{"delta":{"content":"no index"}}]})",
    R"({"choices":[7,{"delta":{"content":"after a number"}}]})",
    R"({"choices":[{"index":0.0,"delta":{"content":"float index"}}]})",
    R"({"choices":{"not":"an array"}})",
    R"({"usage":{"prompt_tokens":-3,"completion_tokens":1.5e3}})",
    R"({"usage":{"prompt_tokens":99999999999999999999}})",
    R"({"usage":{"prompt_tokens":-9223372036854775808,"completion_tokens":9223372036854775807}})",
    R"({"model":null,"choices":[{"delta":{"content":12},"finish_reason":true,"index":0}]})",
    R"( { "choices" : [ { "delta" : { "content" : "spaced" } , "index" : 0 } ] } )",
    R"({"error":{"code":500,"message":"boom","type":"server_error"}})",
    R"({"error":null,"choices":[{"delta":{"content":"ok"}}]})",
    R"({"a":[1,[2,[3,{"b":[true,false,null]}]]],"c":-0.5e-3,"d":"\u0000"})",
    R"({"choices":[{"delta":{"content":"dup"},"delta":{"content":"last"}}]})",
    R"({})",
    R"([])",
    R"("text")",
    R"({"choices":[{"delta":{"content":"x"}}]} trailing)",
    R"({"choices":[{"delta":{"content":"bad escape \x"}}]})",
    R"({"choices":[{"delta":{"content":"lone \udc00"}}]})",
    R"({"choices":[{"delta":{"content":"lone \ud800 high"}}]})",
    R"({"n":01})",
    R"({"n":1.})",
    R"({"n":-})",
    R"({"n":1e})",
    R"({"t":tru})",
    R"({"k" "v"})",
    R"({"k":"v",})",
    R"({"a":[1,]})",
    "{\"c\":\"raw\ncontrol\"}",
    "{\"c\":\"\xff invalid utf-8\"}",
    "{\"c\":\"\xe6\x97 cut utf-8\"}",
    "{\"c\":\"\xed\xa0\x80 surrogate in utf-8\"}",
    "{\"c\":\"\xc0\xaf overlong\"}",
    "{\"c\":\"\xe6\x97\xa5 ok\"}",
};

TEST_CASE("the chunk scanner accepts and reads exactly what the JSON tree does",
          "[models][stream_chunk]") {
  for (const std::string& chunk : kChunks) CheckSame(chunk);
}

TEST_CASE("every truncation and single-byte corruption of real chunks is judged as the tree "
          "judges it",
          "[models][stream_chunk]") {
  const std::string bytes = "\"{}[],:0-1.eE\\u/ \x80\xff";
  for (std::size_t c = 0; c < 7; ++c) {
    const std::string& chunk = kChunks[c];
    for (std::size_t n = 0; n < chunk.size(); ++n) CheckSame(chunk.substr(0, n));
    for (std::size_t at = 0; at < chunk.size(); ++at) {
      for (char b : bytes) {
        std::string mutated = chunk;
        mutated[at] = b;
        CheckSame(mutated);
      }
    }
  }
}

}  // namespace
}  // namespace r1::models
