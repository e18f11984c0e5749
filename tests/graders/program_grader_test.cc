// The code-suite graders against a scripted CodeRunner (the real sandbox is exercised end to end
// in tests/cli/code_suites_cli_test.cc), plus the code test store they read.
#include "r1/graders/program_grader.h"

#include <catch2/catch.hpp>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>

#include "r1/core/code_tests.h"
#include "support/temp_dir.h"

using r1::CodeJudgement;
using r1::CodeJudgeRequest;
using r1::CodeTest;
using r1::CodeVerdict;
using r1::graders::ExtractFencedCode;

namespace {

// Answers each Judge call with the next scripted judgement (or a function of the request) and
// records every request.
class ScriptedRunner final : public r1::CodeRunner {
 public:
  using Script = std::function<r1::Result<CodeJudgement>(const CodeJudgeRequest&)>;
  void Then(Script s) { script_.push_back(std::move(s)); }
  r1::Result<CodeJudgement> Judge(const CodeJudgeRequest& request) override {
    std::lock_guard lock(mu_);
    requests.push_back(request);
    if (script_.empty()) return r1::Fail(r1::ErrorCode::kInternal, "unscripted call");
    Script s = std::move(script_.front());
    script_.pop_front();
    return s(request);
  }
  std::vector<CodeJudgeRequest> requests;

 private:
  std::mutex mu_;
  std::deque<Script> script_;
};

// A judgement where tests before `fail_at` pass, test `fail_at` gets `verdict`, later ones are
// not run; fail_at < 0: all pass. Outputs echo the inputs.
ScriptedRunner::Script Verdicts(int fail_at, CodeVerdict verdict = CodeVerdict::kWrongAnswer,
                                std::string detail = "line 1: '5' != '6'") {
  return [=](const CodeJudgeRequest& request) -> r1::Result<CodeJudgement> {
    CodeJudgement j;
    j.verdict = fail_at < 0 ? CodeVerdict::kOk : verdict;
    for (int i = 0; i < static_cast<int>(request.tests.size()); ++i) {
      r1::CodeTestResult r;
      if (fail_at < 0 || i < fail_at) {
        r.ran = true;
        r.verdict = CodeVerdict::kOk;
        r.output = "out:" + request.tests[i].input;
        ++j.passed;
      } else if (i == fail_at) {
        r.ran = true;
        r.verdict = verdict;
        r.detail = detail;
      } else {
        r.detail = "not run: an earlier test failed";
      }
      j.tests.push_back(r);
    }
    return j;
  };
}

r1::Completion Answer(const std::string& content, const std::string& finish = "stop") {
  r1::Completion c;
  c.content = content;
  c.finish_reason = finish;
  return c;
}

struct Fixture {
  r1::testing::TempDir tmp;
  std::shared_ptr<ScriptedRunner> runner = std::make_shared<ScriptedRunner>();
  r1::CodeTestStore store{tmp / "tests"};

  r1::Problem Problem(r1::CodeProblemSpec spec, std::vector<CodeTest> tests) {
    spec.tests_key = *store.Put(tests);
    spec.tests = static_cast<int>(tests.size());
    return r1::Problem{"p1", "q", r1::EncodeCodeProblemSpec(spec), {}};
  }
  std::unique_ptr<r1::Grader> Grader(const std::string& key) {
    r1::graders::GraderRegistry registry;
    r1::graders::RegisterProgramGraders(registry, runner, tmp / "tests");
    auto g = registry.Make(key);
    REQUIRE(g);
    return std::move(*g);
  }
};

std::vector<CodeTest> ThreeTests() { return {{"1\n", "1\n"}, {"2\n", "2\n"}, {"3\n", "3\n"}}; }

}  // namespace

TEST_CASE("code is taken between the last two fence lines - as LiveCodeBench does", "[graders][code]") {
  std::string lang;
  CHECK(*ExtractFencedCode("x\n```python\nprint(1)\nprint(2)\n```\ndone", &lang) == "print(1)\nprint(2)");
  CHECK(lang == "python");
  // Two blocks: the last one. The lines are split on "\n" only, so "\r" stays.
  CHECK(*ExtractFencedCode("```\na\n```\ntext\n```CPP  \r\nb\r\n```", &lang) == "b\r");
  CHECK(lang == "cpp");
  // A fence inside a line counts; an odd fence count takes the last two.
  CHECK(*ExtractFencedCode("```python\nold\nsee ``` here\nnew\n```") == "new");
  CHECK(*ExtractFencedCode("```\n```") == "");
  CHECK_FALSE(ExtractFencedCode("no fences"));
  CHECK_FALSE(ExtractFencedCode("```python\nprint(1)"));
}

TEST_CASE("livecodebench: the request carries the spec - LCB hosting and the stored tests", "[graders][code]") {
  Fixture f;
  r1::CodeProblemSpec spec;
  spec.public_tests = 1;
  spec.function_name = "sumOfSquares";
  r1::Problem p = f.Problem(spec, ThreeTests());
  f.runner->Then(Verdicts(-1));
  auto grader = f.Grader("livecodebench");
  CHECK(grader->Version() == "livecodebench-2");
  r1::Grade g = grader->GradeCompletion(
      p, Answer("<think>```python\nwrong\n```</think>\nHere:\n```python\nclass Solution: pass\n```\n"), "");
  CHECK(g.correct);
  CHECK(g.canonical_key == "pass");
  CHECK(g.extracted == "class Solution: pass");
  CHECK(g.detail == "OK: 3/3 tests");
  REQUIRE(f.runner->requests.size() == 1);
  const CodeJudgeRequest& r = f.runner->requests[0];
  CHECK(r.program.language == r1::CodeLanguage::kPython);
  CHECK(r.program.hosting == r1::CodeHosting::kLiveCodeBench);
  CHECK(r.program.function_name == "sumOfSquares");
  CHECK(r.limits.time_limit_s == 6.0);
  CHECK(r.limits.memory_limit_mb == 1024);
  CHECK(r.stop_at_first_failure);
  REQUIRE(r.tests.size() == 3);
  CHECK(r.tests[2].input == "3\n");
  CHECK(r.tests[2].expected == "3\n");
}

TEST_CASE("livecodebench: failures name the test - its kind and why", "[graders][code]") {
  Fixture f;
  r1::CodeProblemSpec spec;
  spec.public_tests = 1;
  r1::Problem p = f.Problem(spec, ThreeTests());
  auto grader = f.Grader("livecodebench");
  const r1::Completion answer = Answer("```python\nprint(input())\n```");

  f.runner->Then(Verdicts(2));
  r1::Grade wa = grader->GradeCompletion(p, answer, "");
  CHECK_FALSE(wa.correct);
  CHECK(wa.canonical_key == "fail");
  CHECK(wa.detail == "WA on test 3/3 (private): line 1: '5' != '6'");

  f.runner->Then(Verdicts(0, CodeVerdict::kTimeLimit, "cpu time limit"));
  CHECK(grader->GradeCompletion(p, answer, "").detail == "TLE on test 1/3 (public): cpu time limit");

  // LiveCodeBench's language is Python whatever the fence says.
  f.runner->Then(Verdicts(-1));
  grader->GradeCompletion(p, Answer("```cpp\nint main(){}\n```"), "");
  CHECK(f.runner->requests.back().program.language == r1::CodeLanguage::kPython);
}

TEST_CASE("no code - truncation and skipped problems are not judged", "[graders][code]") {
  Fixture f;
  r1::Problem p = f.Problem({}, ThreeTests());
  auto grader = f.Grader("livecodebench");
  r1::Grade none = grader->GradeCompletion(p, Answer("<think>hmm</think> I cannot solve it."), "");
  CHECK(none.detail == "no code");
  CHECK(none.canonical_key.empty());
  CHECK_FALSE(none.correct);
  r1::Grade cut = grader->GradeCompletion(p, Answer("```python\nprint(1)\n```", "length"), "");
  CHECK(cut.truncated);
  r1::Grade open = grader->GradeCompletion(p, Answer("<think>```python\nx\n```"), "");
  CHECK(open.truncated);
  r1::CodeProblemSpec interactive;
  interactive.skip_reason = "interactive problem";
  r1::Grade skipped = f.Grader("codeforces")->GradeCompletion(f.Problem(interactive, ThreeTests()),
                                                                Answer("```cpp\nint main(){}\n```"), "");
  CHECK(skipped.detail == "not judged: interactive problem");
  CHECK(f.runner->requests.empty());
}

TEST_CASE("an internal judge error is retried - then stored as unscored without a vote", "[graders][code]") {
  Fixture f;
  r1::Problem p = f.Problem({}, ThreeTests());
  auto grader = f.Grader("livecodebench");
  f.runner->Then(Verdicts(0, CodeVerdict::kInternalError, "clone failed"));
  f.runner->Then(Verdicts(-1));
  r1::Grade retried = grader->GradeCompletion(p, Answer("```\nx\n```"), "");
  CHECK(retried.correct);
  CHECK_FALSE(retried.unscored);
  CHECK(f.runner->requests.size() == 2);
  for (int i = 0; i < 3; ++i) f.runner->Then(Verdicts(1, CodeVerdict::kInternalError, "clone failed"));
  r1::Grade ie = grader->GradeCompletion(p, Answer("```\nx\n```"), "");
  CHECK(f.runner->requests.size() == 5);
  CHECK_FALSE(ie.correct);
  CHECK(ie.unscored);  // our failure: never a wrong answer
  CHECK(ie.canonical_key.empty());
  CHECK(ie.detail == "IE on test 2/3 (private): clone failed");
  // A failure of the program itself stays a scored wrong answer.
  f.runner->Then(Verdicts(1, CodeVerdict::kRuntimeError, "exit 1"));
  r1::Grade wrong = grader->GradeCompletion(p, Answer("```\nx\n```"), "");
  CHECK_FALSE(wrong.correct);
  CHECK_FALSE(wrong.unscored);
  // The runner itself failing (no judgement at all) is unscored too.
  f.runner->Then([](const CodeJudgeRequest&) -> r1::Result<CodeJudgement> {
    return r1::Fail(r1::ErrorCode::kUnavailable, "cgroup: permission denied");
  });
  f.runner->Then([](const CodeJudgeRequest&) -> r1::Result<CodeJudgement> {
    return r1::Fail(r1::ErrorCode::kUnavailable, "cgroup: permission denied");
  });
  f.runner->Then([](const CodeJudgeRequest&) -> r1::Result<CodeJudgement> {
    return r1::Fail(r1::ErrorCode::kUnavailable, "cgroup: permission denied");
  });
  r1::Grade broken = grader->GradeCompletion(p, Answer("```\nx\n```"), "");
  CHECK(broken.unscored);
  CHECK(broken.detail == "IE: cgroup: permission denied");
}

TEST_CASE("missing test sets and bad specs are internal errors - not wrong answers", "[graders][code]") {
  Fixture f;
  auto grader = f.Grader("livecodebench");
  r1::CodeProblemSpec spec;
  spec.tests_key = std::string(64, 'a');
  spec.tests = 1;
  r1::Grade lost = grader->GradeCompletion(r1::Problem{"p", "q", r1::EncodeCodeProblemSpec(spec), {}},
                                           Answer("```\nx\n```"), "");
  CHECK(lost.detail.starts_with("IE: code tests aaaaaaaaaaaa are not in"));
  CHECK(lost.unscored);
  r1::Grade bad_spec = grader->GradeCompletion(r1::Problem{"p", "q", "{}", {}}, Answer("```\nx\n```"), "");
  CHECK(bad_spec.detail.starts_with("IE:"));
  CHECK(bad_spec.unscored);
  CHECK(f.runner->requests.empty());

  r1::graders::GraderRegistry registry;
  r1::graders::RegisterProgramGraders(registry, nullptr, "");
  auto none = registry.Make("livecodebench");
  REQUIRE_FALSE(none);
  CHECK(none.error().code == r1::ErrorCode::kUnavailable);
  CHECK(none.error().message.find("needs the sandbox") != std::string::npos);
}

TEST_CASE("codeforces: the fence picks C++ or Python - limits come from the spec", "[graders][code]") {
  Fixture f;
  r1::CodeProblemSpec spec;
  spec.language = "cpp";
  spec.time_limit_s = 2;
  spec.memory_limit_mb = 256;
  r1::Problem p = f.Problem(spec, ThreeTests());
  auto grader = f.Grader("codeforces");
  f.runner->Then(Verdicts(-1));
  f.runner->Then(Verdicts(-1));
  f.runner->Then(Verdicts(-1));
  grader->GradeCompletion(p, Answer("```cpp\nint main(){}\n```"), "");
  grader->GradeCompletion(p, Answer("```python\nprint(1)\n```"), "");
  grader->GradeCompletion(p, Answer("```\nint main(){}\n```"), "");
  REQUIRE(f.runner->requests.size() == 3);
  CHECK(f.runner->requests[0].program.language == r1::CodeLanguage::kCpp);
  CHECK(f.runner->requests[1].program.language == r1::CodeLanguage::kPython);
  CHECK(f.runner->requests[1].program.hosting == r1::CodeHosting::kPlain);
  CHECK(f.runner->requests[2].program.language == r1::CodeLanguage::kCpp);
  CHECK(f.runner->requests[0].limits.time_limit_s == 2);
  CHECK(f.runner->requests[0].limits.memory_limit_mb == 256);
}

TEST_CASE("codeforces: with a checker - outputs go to the checker and its verdict decides", "[graders][code]") {
  Fixture f;
  r1::CodeProblemSpec spec;
  spec.language = "cpp";
  spec.checker = "import sys\nprint(1)\n";
  r1::Problem p = f.Problem(spec, ThreeTests());
  auto grader = f.Grader("codeforces");
  f.runner->Then(Verdicts(-1));  // the program runs cleanly on all three tests
  f.runner->Then(Verdicts(1, CodeVerdict::kWrongAnswer, "line 1: '0' != '1'"));  // checker rejects test 2
  r1::Grade g = grader->GradeCompletion(p, Answer("```cpp\nint main(){}\n```"), "");
  CHECK_FALSE(g.correct);
  CHECK(g.detail.starts_with("WA on test 2/3 (private): checker:"));
  REQUIRE(f.runner->requests.size() == 2);
  const CodeJudgeRequest& program = f.runner->requests[0];
  CHECK_FALSE(program.tests[0].expected.has_value());  // nothing compared: the checker decides
  CHECK(program.limits.keep_output_bytes >= (std::size_t{64} << 20));
  const CodeJudgeRequest& check = f.runner->requests[1];
  CHECK(check.program.language == r1::CodeLanguage::kPython);
  CHECK(check.program.hosting == r1::CodeHosting::kPlain);
  CHECK(check.program.source.find("sys.argv = ['checker.py', 'input.txt', 'correct_output.txt'") !=
        std::string::npos);
  REQUIRE(check.tests.size() == 3);
  CHECK(check.tests[1].expected == "1");
  CHECK(check.tests[1].input == "00000000000000000002" "2\n" "00000000000000000002" "2\n"
                                "00000000000000000006" "out:2\n");

  // The program failed at test 3: only tests 1-2 are checked; a crashing checker is IE.
  f.runner->Then(Verdicts(2, CodeVerdict::kRuntimeError, "exit 1"));
  f.runner->Then(Verdicts(-1));
  CHECK(grader->GradeCompletion(p, Answer("```cpp\nint main(){}\n```"), "").detail ==
        "RE on test 3/3 (private): exit 1");
  CHECK(f.runner->requests.back().tests.size() == 2);
  f.runner->Then(Verdicts(-1));
  f.runner->Then(Verdicts(0, CodeVerdict::kRuntimeError, "Traceback"));
  r1::Grade broken = grader->GradeCompletion(p, Answer("```cpp\nint main(){}\n```"), "");
  CHECK(broken.detail.starts_with("IE: checker: RE"));
  CHECK(broken.unscored);
  CHECK(broken.canonical_key.empty());
}

TEST_CASE("code test sets round-trip - are content-addressed and verified", "[graders][code]") {
  r1::testing::TempDir tmp;
  std::vector<CodeTest> tests = {{"a\n", "b\n"}, {std::string("\0x", 2), std::nullopt}, {"", ""}};
  const std::string bytes = r1::EncodeCodeTests(tests);
  auto back = r1::DecodeCodeTests(bytes);
  REQUIRE(back);
  REQUIRE(back->size() == 3);
  CHECK((*back)[1].input == std::string("\0x", 2));
  CHECK_FALSE((*back)[1].expected.has_value());
  CHECK((*back)[2].expected == "");
  CHECK_FALSE(r1::DecodeCodeTests(bytes.substr(0, bytes.size() - 1)));
  CHECK_FALSE(r1::DecodeCodeTests(bytes + "x"));
  CHECK_FALSE(r1::DecodeCodeTests("R1CT1\n\xff\xff\xff\xff"));

  r1::CodeTestStore store(tmp / "s");
  auto key = store.Put(tests);
  REQUIRE(key);
  CHECK(*store.Put(tests) == *key);
  CHECK(store.Has(*key));
  auto got = store.Get(*key);
  REQUIRE(got);
  CHECK((*got)->size() == 3);
  CHECK(r1::CodeTestStore(tmp / "s").Get(*key).value()->at(0).input == "a\n");
  // A file whose bytes do not match its name is refused.
  const auto other = store.Put({{"z", "z"}});
  std::filesystem::copy_file(tmp / ("s/" + *other + ".tests.gz"), tmp / ("s/" + *key + ".tests.gz"),
                             std::filesystem::copy_options::overwrite_existing);
  auto bad = r1::CodeTestStore(tmp / "s").Get(*key);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == r1::ErrorCode::kDataLoss);
  CHECK(r1::CodeTestStore(tmp / "s").Get("zz").error().code == r1::ErrorCode::kInvalidArgument);
}

TEST_CASE("code problem specs round-trip and name bad fields", "[graders][code]") {
  r1::CodeProblemSpec spec;
  spec.tests_key = std::string(64, 'b');
  spec.tests = 4;
  spec.public_tests = 1;
  spec.function_name = "f";
  spec.language = "cpp";
  spec.time_limit_s = 2.5;
  spec.memory_limit_mb = 256;
  spec.checker = "print(1)";
  spec.skip_reason = "x";
  auto back = r1::ParseCodeProblemSpec(r1::EncodeCodeProblemSpec(spec));
  REQUIRE(back);
  CHECK(back->tests == 4);
  CHECK(back->function_name == "f");
  CHECK(back->language == "cpp");
  CHECK(back->time_limit_s == 2.5);
  CHECK(back->memory_limit_mb == 256);
  CHECK(back->checker == "print(1)");
  CHECK(back->skip_reason == "x");
  CHECK(r1::ParseCodeProblemSpec(R"({"tests_key":"x","tests":1})").error().message.find("'tests_key'") !=
        std::string::npos);
  const std::string key = std::string(64, 'c');
  CHECK(r1::ParseCodeProblemSpec(R"({"tests_key":")" + key + R"(","tests":1,"language":"rust"})")
            .error()
            .message.find("'language'") != std::string::npos);
  CHECK(r1::ParseCodeProblemSpec(R"({"tests_key":")" + key + R"(","tests":1,"public_tests":2})")
            .error()
            .message.find("'public_tests'") != std::string::npos);
}
