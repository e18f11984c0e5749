// Code-suite graders; see program_grader.h.
#include "r1/graders/program_grader.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <vector>

#include "r1/core/code_tests.h"
#include "r1/core/text.h"
#include "r1/graders/answer_extraction.h"
#include "r1/graders/judges_code.h"
#include "unscored.h"

namespace r1::graders {
namespace {

constexpr int kVersion = 2;  // 2: judge failures are unscored
// Enough to hold any output a test may produce (the sandbox kills beyond 64 MiB: OLE).
constexpr std::size_t kFullOutput = std::size_t{64} << 20;

// A Python host for a Codeforces checker: stdin carries the test input, the reference output and
// the program's output, each as a 20-digit length and the bytes; they become the three files the
// checker is given, and the checker runs as __main__ with open-r1's argv.
std::string CheckerHost(std::string_view checker) {
  return "import base64, sys\n"
         "data = sys.stdin.buffer.read()\n"
         "pos = 0\n"
         "for name in ('input.txt', 'correct_output.txt', 'solution_output.txt'):\n"
         "    n = int(data[pos:pos + 20]); pos += 20\n"
         "    with open(name, 'wb') as f:\n"
         "        f.write(data[pos:pos + n])\n"
         "    pos += n\n"
         "sys.argv = ['checker.py', 'input.txt', 'correct_output.txt', 'solution_output.txt']\n"
         "source = base64.b64decode('" +
         Base64Encode(checker) +
         "').decode('utf-8')\n"
         "exec(compile(source, 'checker.py', 'exec'), {'__name__': '__main__'})\n";
}

std::string Packed(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto p : parts) {
    char length[24];
    std::snprintf(length, sizeof length, "%020zu", p.size());
    out += length;
    out += p;
  }
  return out;
}

std::string Shorten(std::string text, std::size_t max = 300) {
  if (text.size() > max) text = text.substr(0, max) + "...";
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

class ProgramGrader final : public Grader {
 public:
  explicit ProgramGrader(ProgramGraderOptions options)
      : options_(std::move(options)), tests_(options_.tests_dir) {}

  std::string Version() const override { return options_.key + "-" + std::to_string(kVersion); }
  bool JudgesCode(const Problem&) const override { return true; }

  Grade GradeCompletion(const Problem& problem, const Completion& completion,
                        std::string_view) const override {
    Grade grade;
    const FinalPart part = SplitThinking(completion.content);
    if (completion.finish_reason == "length" || part.thinking_unclosed) {
      grade.truncated = true;
      grade.detail = completion.finish_reason == "length" ? "truncated: finish_reason=length"
                                                          : "truncated: thinking never closed";
      return grade;
    }
    auto spec = ParseCodeProblemSpec(problem.gold);
    if (!spec) return Unscored("IE: " + spec.error().message);
    if (!spec->skip_reason.empty()) {
      grade.detail = "not judged: " + spec->skip_reason;
      return grade;
    }
    std::string fence;
    auto code = ExtractFencedCode(part.text, &fence);
    if (!code) {
      grade.detail = "no code";
      return grade;
    }
    grade.extracted = *code;
    grade.canonical_key = "fail";

    CodeJudgeRequest request;
    request.program.language = *ParseCodeLanguage(spec->language);  // validated by the parser
    if (options_.follow_fence_language) {
      if (auto named = ParseCodeLanguage(fence)) request.program.language = *named;
    }
    request.program.source = *code;
    request.program.function_name = spec->function_name;
    request.program.hosting = options_.lcb_hosting ? CodeHosting::kLiveCodeBench : CodeHosting::kPlain;
    request.limits.time_limit_s = spec->time_limit_s;
    request.limits.memory_limit_mb = spec->memory_limit_mb;
    if (spec->input_mode != "stdio") {
      grade.detail = "not judged: input_mode " + spec->input_mode + " is not supported";
      grade.canonical_key.clear();
      return grade;
    }
    auto tests = tests_.Get(spec->tests_key);
    if (!tests) return Unscored("IE: " + tests.error().message, std::move(grade));
    request.tests = **tests;
    const bool checker = !spec->checker.empty();
    std::vector<std::string> expected;
    if (checker) {
      // The checker decides; the program's whole output is needed for it.
      for (auto& t : request.tests) {
        expected.push_back(t.expected.value_or(""));
        t.expected.reset();
      }
      request.limits.keep_output_bytes = kFullOutput;
    }

    auto judgement = Judge(request);
    if (!judgement) return Unscored("IE: " + judgement.error().message, std::move(grade));
    if (judgement->verdict == CodeVerdict::kInternalError) {
      Describe(*judgement, *spec, grade);
      std::string detail = grade.detail;  // (argument order is unspecified: copy before the move)
      return Unscored(std::move(detail), std::move(grade));
    }
    if (checker && !judgement->tests.empty() && judgement->tests[0].verdict == CodeVerdict::kOk) {
      if (auto s = RunChecker(spec->checker, request, expected, *judgement); !s) {
        return Unscored("IE: checker: " + s.error().message, std::move(grade));
      }
    }
    Describe(*judgement, *spec, grade);
    return grade;
  }

 private:
  // The sandbox retries an internal error once itself; a few more attempts here ride out a
  // transient host problem (a full /tmp, a cgroup race) before the sample is given up on.
  Result<CodeJudgement> Judge(const CodeJudgeRequest& request) const {
    Result<CodeJudgement> last = Fail(ErrorCode::kInternal, "not judged");
    for (int attempt = 0; attempt < std::max(1, options_.internal_error_attempts); ++attempt) {
      last = options_.runner->Judge(request);
      if (last && last->verdict != CodeVerdict::kInternalError) return last;
      if (!last && last.error().code == ErrorCode::kInvalidArgument) return last;
    }
    return last;
  }

  // The program's outputs were not compared: the checker judges every test the program ran
  // cleanly before its first failure, in order. A rejection there is the first failure.
  Status RunChecker(const std::string& checker_source, const CodeJudgeRequest& program,
                    const std::vector<std::string>& expected, CodeJudgement& judgement) const {
    CodeJudgeRequest check;
    check.program.language = CodeLanguage::kPython;
    check.program.source = CheckerHost(checker_source);
    check.limits.time_limit_s = 10;
    check.limits.memory_limit_mb = 1024;
    for (std::size_t i = 0; i < program.tests.size(); ++i) {
      const CodeTestResult& r = judgement.tests[i];
      if (!r.ran || r.verdict != CodeVerdict::kOk) break;
      if (r.output_truncated) return Fail(ErrorCode::kInternal, "program output was cut short");
      check.tests.push_back(CodeTest{Packed({program.tests[i].input, expected[i], r.output}), "1"});
    }
    auto checked = Judge(check);
    if (!checked) return std::unexpected(checked.error());
    for (std::size_t i = 0; i < checked->tests.size(); ++i) {
      const CodeTestResult& c = checked->tests[i];
      if (c.verdict == CodeVerdict::kOk) continue;
      if (c.verdict != CodeVerdict::kWrongAnswer) {
        // The checker itself crashed or hung: not the program's fault.
        return Fail(ErrorCode::kInternal, std::string(CodeVerdictName(c.verdict)) + " " +
                                              Shorten(c.error.empty() ? c.detail : c.error, 200));
      }
      judgement.tests[i].verdict = CodeVerdict::kWrongAnswer;
      judgement.tests[i].detail = "checker: " + Shorten(c.output.empty() ? c.error : c.output, 120);
      for (std::size_t k = i + 1; k < judgement.tests.size(); ++k) {
        judgement.tests[k] = CodeTestResult{};
        judgement.tests[k].detail = "not run: an earlier test failed";
      }
      judgement.verdict = CodeVerdict::kWrongAnswer;
      judgement.passed = static_cast<int>(i);
      break;
    }
    return {};
  }

  static void Describe(const CodeJudgement& j, const CodeProblemSpec& spec, Grade& grade) {
    const std::size_t n = j.tests.size();
    grade.correct = j.verdict == CodeVerdict::kOk;
    if (grade.correct) {
      grade.canonical_key = "pass";
      grade.detail = "OK: " + std::to_string(n) + "/" + std::to_string(n) + " tests";
      return;
    }
    if (j.verdict == CodeVerdict::kCompileError) {
      grade.detail = "CE: " + Shorten(j.compile_output.empty() && !j.tests.empty() ? j.tests[0].detail
                                                                                   : j.compile_output);
      return;
    }
    for (std::size_t i = 0; i < n; ++i) {
      const CodeTestResult& t = j.tests[i];
      if (!t.ran || t.verdict == CodeVerdict::kOk) continue;
      const bool is_public = static_cast<int>(i) < spec.public_tests;
      std::string why = t.detail;
      if (t.verdict == CodeVerdict::kRuntimeError && !t.error.empty()) why = t.error;
      grade.detail = std::string(CodeVerdictName(t.verdict)) + " on test " + std::to_string(i + 1) + "/" +
                     std::to_string(n) + (is_public ? " (public)" : " (private)") +
                     (why.empty() ? "" : ": " + Shorten(why));
      return;
    }
    grade.detail = std::string(CodeVerdictName(j.verdict));
  }

  ProgramGraderOptions options_;
  mutable CodeTestStore tests_;
};

}  // namespace

std::optional<std::string> ExtractFencedCode(std::string_view text, std::string* language) {
  // Lines as Python's str.split("\n") makes them (a "\r" stays part of its line).
  std::vector<std::string_view> lines;
  for (std::size_t start = 0;;) {
    const std::size_t nl = text.find('\n', start);
    lines.push_back(text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  std::vector<std::size_t> fences;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find("```") != std::string_view::npos) fences.push_back(i);
  }
  if (fences.size() < 2) return std::nullopt;
  const std::size_t open = fences[fences.size() - 2], close = fences.back();
  if (language) {
    std::string_view info = lines[open].substr(lines[open].find("```") + 3);
    std::string lang;
    for (char c : info) {
      if (std::isspace(static_cast<unsigned char>(c)) || c == '`') {
        if (!lang.empty()) break;
        continue;
      }
      lang.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    *language = lang;
  }
  std::string code;
  for (std::size_t i = open + 1; i < close; ++i) {
    if (i > open + 1) code += '\n';
    code += lines[i];
  }
  return code;
}

Result<std::unique_ptr<Grader>> MakeProgramGrader(ProgramGraderOptions options) {
  if (!options.runner) {
    return Fail(ErrorCode::kUnavailable, "grader '" + options.key + "' runs programs and needs the sandbox");
  }
  if (options.tests_dir.empty()) {
    return Fail(ErrorCode::kUnavailable, "grader '" + options.key + "' needs the folder of code tests");
  }
  return std::unique_ptr<Grader>(std::make_unique<ProgramGrader>(std::move(options)));
}

void RegisterProgramGraders(GraderRegistry& registry, std::shared_ptr<CodeRunner> runner, std::string tests_dir) {
  registry.Add("livecodebench",
               "LiveCodeBench: the last fenced block, public then private tests in the sandbox (LCB rules)",
               [runner, tests_dir]() {
                 return MakeProgramGrader(ProgramGraderOptions{"livecodebench", runner, tests_dir,
                                                               /*lcb_hosting=*/true,
                                                               /*follow_fence_language=*/false});
               });
  registry.Add("codeforces",
               "Codeforces: the last fenced block (C++ or Python) on official tests, checker when given",
               [runner, tests_dir]() {
                 return MakeProgramGrader(ProgramGraderOptions{"codeforces", runner, tests_dir,
                                                               /*lcb_hosting=*/false,
                                                               /*follow_fence_language=*/true});
               });
}

}  // namespace r1::graders
