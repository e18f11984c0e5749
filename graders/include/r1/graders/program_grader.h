// Graders of the code suites ("livecodebench", "codeforces"): take the program out of the
// response, judge it in the sandbox through CodeRunner against the problem's stored test set,
// and pass it only if every test passes.
//
// Extraction is LiveCodeBench's (lcb_runner/utils/extraction_utils.py): the lines strictly
// between the last two lines that contain a triple backtick, joined with "\n", taken from the
// final part of the response (after the thinking). Fewer than two such lines: "no code", which
// is wrong and casts no vote. Truncated responses (finish_reason "length", thinking never
// closed) are not judged.
//
// Judging: the tests named by the problem's CodeProblemSpec (r1/core/code_tests.h), public ones
// first, in order, stopping at the first failure, with the spec's time limit per test (CPU
// seconds; LiveCodeBench's default is 6 s) and memory limit. "livecodebench" runs Python with
// LiveCodeBench hosting so verdicts agree with its own runner (SECURITY.md); "codeforces" runs
// the language the opening fence names (python or cpp), else the spec's, C++ compiled once per
// source. With a checker in the spec (Codeforces problems with several right answers) outputs
// are not compared: for each test the program ran cleanly, the checker runs in the sandbox as
// `checker.py input.txt correct_output.txt solution_output.txt` and the test passes when it
// prints "1" (open-r1's convention).
//
// Vote keys are "pass" / "fail", so cons@k asks whether most samples pass. An internal judge
// error (IE: the sandbox failed, not the program) is retried; if it persists the sample is wrong
// with a detail that starts "IE", and `r1-eval regrade` judges it again.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "r1/core/code_runner.h"
#include "r1/core/grader.h"
#include "r1/graders/registry.h"

namespace r1::graders {

/// The program in `text` by LiveCodeBench's rule, or nullopt when there are fewer than two fence
/// lines. `language`, when given, receives the opening fence's info string, lower-cased and
/// trimmed ("python", "cpp", ...; "" when bare).
std::optional<std::string> ExtractFencedCode(std::string_view text, std::string* language = nullptr);

struct ProgramGraderOptions {
  std::string key;  ///< "livecodebench" or "codeforces"; the version is "<key>-<n>"
  std::shared_ptr<CodeRunner> runner;
  std::string tests_dir;  ///< the CodeTestStore folder the suites wrote to
  /// Judge Python with LiveCodeBench's hosting (livecodebench) rather than as a plain script.
  bool lcb_hosting = false;
  /// Judge the language the opening fence names when it is python or cpp (codeforces accepts
  /// either); otherwise always the spec's language (livecodebench is Python only).
  bool follow_fence_language = false;
  int internal_error_attempts = 3;
};

/// kUnavailable when there is no runner or no tests folder.
Result<std::unique_ptr<Grader>> MakeProgramGrader(ProgramGraderOptions options);

/// Registers "livecodebench" and "codeforces" over `runner` and `tests_dir`. With a null runner
/// the factories fail with kUnavailable and say the sandbox is needed.
void RegisterProgramGraders(GraderRegistry& registry, std::shared_ptr<CodeRunner> runner,
                            std::string tests_dir);

}  // namespace r1::graders
