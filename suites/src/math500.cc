// MATH-500: the 500-problem test subset of Hendrycks MATH chosen in "Let's Verify Step by Step".
// Canonical file HuggingFaceH4/MATH-500 test.jsonl; the pinned copy below is byte-identical
// (same sha256). Source and format: shared/docs/reference/datasets.md section 3.
#include "r1/suites/registry.h"
#include "r1/suites/row_suite.h"

namespace r1::suites {
namespace {

RowSuiteConfig Math500Config() {
  RowSuiteConfig config;
  config.name = "math500";
  config.grader = "math";
  config.prompt_version = "r1-math-1";
  config.prompt_template = "{question}\n" + std::string(kR1MathInstruction);
  config.fields.id = {"unique_id", "id"};
  config.fields.question = {"problem", "question"};
  config.fields.answer = {"answer"};
  // Reports break results down by these.
  config.fields.meta = {"subject", "level"};
  return config;
}

}  // namespace

void RegisterMath500(SuiteRegistry& registry) {
  SuiteEntry entry{
      "math500",
      "MATH-500, 500 problems with subject and level (HuggingFaceH4/MATH-500 test.jsonl)",
      {{"math500.jsonl",
        "https://raw.githubusercontent.com/mlfoundations/evalchemy/"
        "6ed674159b37f740f2353a86f596f49f6ac13c19/eval/chat_benchmarks/MATH500/data/math500.jsonl",
        "35dc41080a3680858b27fa7e0533d2d547825316fc5dafe5d316f4ccc5a06132"}},
      [](const SuiteOptions& options) { return MakeRowSuite(Math500Config(), options); }};
  entry.problems = 500;
  entry.breakdowns = {"subject", "level"};
  registry.Add(std::move(entry));
}

}  // namespace r1::suites
