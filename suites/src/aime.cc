// AIME 2024 and AIME 2025: 30 problems each, integer answers 0-999.
// Sources and formats: shared/docs/reference/datasets.md sections 1 and 2.
#include "r1/suites/registry.h"
#include "r1/suites/row_suite.h"

namespace r1::suites {
namespace {

RowSuiteConfig AimeConfig(std::string name) {
  RowSuiteConfig config;
  config.name = std::move(name);
  config.grader = "integer";
  config.prompt_version = "r1-math-1";
  config.prompt_template = "{question}\n" + std::string(kR1MathInstruction);
  // Qwen2.5-Math / evalchemy files use "problem"; other exports use "question"/"Problem".
  config.fields.id = {"id", "ID"};
  config.fields.question = {"problem", "question", "Problem"};
  config.fields.answer = {"answer", "Answer", "expected_answer"};
  config.fields.meta = {"url"};
  return config;
}

}  // namespace

void RegisterAime(SuiteRegistry& registry) {
  registry.Add(SuiteEntry{
      "aime2024",
      "AIME 2024 I+II, 30 problems (QwenLM/Qwen2.5-Math evaluation/data/aime24)",
      {{"test.jsonl",
        "https://raw.githubusercontent.com/QwenLM/Qwen2.5-Math/"
        "a45202bd16f1ec06f433442dc1152d0074773465/evaluation/data/aime24/test.jsonl",
        "af2b8bd2aa911b6333ad0df32f3ca05c7ae8ed10f1731f4372c8ae26990bf7ac"}},
      [](const SuiteOptions& options) { return MakeRowSuite(AimeConfig("aime2024"), options); },
      /*self_contained=*/false, /*problems=*/30});
  registry.Add(SuiteEntry{
      "aime2025",
      "AIME 2025 I+II, 30 problems (mlfoundations/evalchemy AIME25)",
      {{"aime25.json",
        "https://raw.githubusercontent.com/mlfoundations/evalchemy/"
        "6ed674159b37f740f2353a86f596f49f6ac13c19/eval/chat_benchmarks/AIME25/data/aime25.json",
        "3505b87e8597a1b96821eef78f426382b7bff86c6a4a4cf19b57b24b968adfdb"}},
      [](const SuiteOptions& options) { return MakeRowSuite(AimeConfig("aime2025"), options); },
      /*self_contained=*/false, /*problems=*/30});
}

}  // namespace r1::suites
