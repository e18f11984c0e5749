// Thinking that never closed is truncated whatever the server's reasoning parser did: llama.cpp
// with --reasoning-format none sends "<think>..." without "</think>" in content; with deepseek
// (the default) the same generation is content "" and all text in reasoning_content, finish_reason
// stop (../shared/docs/reference/servers.md). Every grader must score the two alike.
#include <catch2/catch.hpp>

#include "r1/graders/judges_code.h"
#include "r1/graders/registry.h"

namespace {

r1::Completion Reply(std::string content, std::string reasoning, std::string finish = "stop") {
  r1::Completion c;
  c.content = std::move(content);
  c.reasoning = std::move(reasoning);
  c.finish_reason = std::move(finish);
  return c;
}

}  // namespace

TEST_CASE("thinking never closed is truncated under every reasoning parser - for every grader",
          "[graders][truncation]") {
  r1::graders::GraderRegistry registry;
  r1::graders::RegisterGraders(registry);
  const std::string thought = "Let me try 5. So the answer is \\boxed{5}? Wait, check the case n = 2 again";
  struct Case {
    const char* grader;
    r1::Problem problem;
    std::string sample_data;
  };
  const std::vector<Case> cases = {
      {"integer", {"1", "q", "5", {}}, ""},
      {"math", {"1", "q", "5", {}}, ""},
      {"exact", {"1", "q", "5", {}}, ""},
      {"regex", {"1", "q", "5", {}}, ""},
      {"check", {"1", "q", R"({"type": "integer", "value": 5})", {}}, ""},
  };
  for (const auto& c : cases) {
    INFO(c.grader);
    auto grader = registry.Make(c.grader);
    REQUIRE(grader);
    const r1::Grade inline_none = (*grader)->GradeCompletion(c.problem, Reply("<think>\n" + thought, ""), c.sample_data);
    const r1::Grade separated = (*grader)->GradeCompletion(c.problem, Reply("", thought), c.sample_data);
    CHECK(inline_none.truncated);
    CHECK(separated.truncated);  // was a plain "no answer"
    CHECK_FALSE(inline_none.correct);
    CHECK_FALSE(separated.correct);
    CHECK(separated.extracted.empty());
    // Thinking that closed is graded from the answer after it, also when the parser split it off.
    const r1::Grade closed = (*grader)->GradeCompletion(c.problem, Reply("The answer is \\boxed{5}.", thought), c.sample_data);
    CHECK_FALSE(closed.truncated);
    CHECK(closed.correct);
  }
}

TEST_CASE("the reasoning-parser rule leaves length cut-offs and plain answers alone", "[graders][truncation]") {
  CHECK(r1::graders::ThinkingLeftInReasoning(Reply("", "thinking", "stop")));
  CHECK(r1::graders::ThinkingLeftInReasoning(Reply(" \n", "thinking", "")));
  CHECK_FALSE(r1::graders::ThinkingLeftInReasoning(Reply("", "thinking", "length")));  // truncated by length anyway
  CHECK_FALSE(r1::graders::ThinkingLeftInReasoning(Reply("\\boxed{1}", "thinking", "stop")));
  CHECK_FALSE(r1::graders::ThinkingLeftInReasoning(Reply("", "", "stop")));  // an empty reply: no answer
}

// The registry wraps every grader it makes; what the inner grader declares must survive the
// wrapping, or a code run would skip its sandbox preflight and grade on one thread.
TEST_CASE("graders made by the registry still declare whether they judge code", "[graders][truncation]") {
  r1::graders::GraderRegistry registry;
  r1::graders::RegisterGraders(registry);
  r1::Problem problem;
  problem.id = "p";
  problem.gold = "42";
  auto code = registry.Make("code");
  REQUIRE(code);
  CHECK(r1::graders::JudgesCode(**code, {problem}));
  for (const char* name : {"math", "integer", "exact"}) {
    auto grader = registry.Make(name);
    REQUIRE(grader);
    CHECK_FALSE(r1::graders::JudgesCode(**grader, {problem}));
  }
  r1::Problem check;
  check.id = "c";
  check.gold = R"({"type": "code", "tests": []})";
  auto checker = registry.Make("check");
  REQUIRE(checker);
  CHECK(r1::graders::JudgesCode(**checker, {check}));
}
