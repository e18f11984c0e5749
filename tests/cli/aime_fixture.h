// The small AIME-shaped suite and the answer-5 server the CLI end-to-end tests share.
#pragma once

#include <memory>
#include <string>
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

/// `count` AIME-shaped problems "problem N" with answer N, N from `first` on, in DIR/data/aime2024:
/// a server can answer from the prompt alone, and a stored answer be checked against it.
inline void WriteNumberedSuite(const TempDir& tmp, int count, int first = 0) {
  std::string rows;
  for (int i = first; i < first + count; ++i) {
    rows += "{\"id\":" + std::to_string(i) + ",\"problem\":\"problem " + std::to_string(i) +
            "\",\"answer\":\"" + std::to_string(i) + "\"}\n";
  }
  tmp.Write("data/aime2024/test.jsonl", rows);
}

/// N of a prompt made from WriteNumberedSuite's "problem N" (the R1 instruction follows it).
inline std::string ProblemNumber(const std::string& prompt) {
  const auto start = prompt.find(' ') + 1;
  return prompt.substr(start, prompt.find('\n') - start);
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
