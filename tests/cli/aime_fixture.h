// The small AIME-shaped suite and the answer-5 server the CLI end-to-end tests share.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>

#include "fake_openai_server.h"
#include "support/temp_dir.h"

namespace r1::testing {

/// Three AIME-shaped problems in DIR/data/aime2024 (answers 005, 6, 5).
inline void WriteSuite(const TempDir& tmp) {
  tmp.Write("data/aime2024/test.jsonl",
            "{\"id\":1,\"problem\":\"one\",\"answer\":\"005\"}\n"
            "{\"id\":2,\"problem\":\"two\",\"answer\":\"6\"}\n"
            "{\"id\":3,\"problem\":\"three\",\"answer\":\"5\"}");
}

/// A loopback server that answers 5 to everything (40 completion tokens).
inline std::unique_ptr<FakeOpenAiServer> AnswerFive() {
  return std::move(*FakeOpenAiServer::Start([](const nlohmann::json&, std::uint64_t) {
    Reply r;
    r.content = "<think>think</think>The answer is \\boxed{5}.";
    r.completion_tokens = 40;
    return r;
  }));
}

}  // namespace r1::testing
