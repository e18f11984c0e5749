// The seam between code graders and the sandbox. A grader describes a program and its tests; a
// CodeRunner runs them somewhere isolated and says, per test, what happened. Graders include only
// this header; the CLI wires in the sandbox-backed runner (r1::sandbox::SandboxRunner).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "r1/core/error.h"

namespace r1 {

enum class CodeLanguage { kPython, kCpp };

/// Per-test outcome, in the order a judge decides them (see SECURITY.md): IE first, then CE, TLE,
/// MLE, OLE, RE, and only a clean run is compared for WA/OK.
enum class CodeVerdict {
  kOk,
  kWrongAnswer,
  kTimeLimit,
  kMemoryLimit,
  kOutputLimit,
  kRuntimeError,
  kCompileError,
  kInternalError,  ///< the runner failed, not the program: never score it as a failure
};

inline std::string_view CodeVerdictName(CodeVerdict verdict) {
  switch (verdict) {
    case CodeVerdict::kOk: return "OK";
    case CodeVerdict::kWrongAnswer: return "WA";
    case CodeVerdict::kTimeLimit: return "TLE";
    case CodeVerdict::kMemoryLimit: return "MLE";
    case CodeVerdict::kOutputLimit: return "OLE";
    case CodeVerdict::kRuntimeError: return "RE";
    case CodeVerdict::kCompileError: return "CE";
    case CodeVerdict::kInternalError: return "IE";
  }
  return "IE";
}

inline std::string_view CodeLanguageName(CodeLanguage language) {
  return language == CodeLanguage::kCpp ? "cpp" : "python";
}

/// Accepts "python", "python3", "py", "cpp", "c++", "cxx".
inline std::optional<CodeLanguage> ParseCodeLanguage(std::string_view name) {
  if (name == "python" || name == "python3" || name == "py") return CodeLanguage::kPython;
  if (name == "cpp" || name == "c++" || name == "cxx") return CodeLanguage::kCpp;
  return std::nullopt;
}

/// How a Python program is hosted. kLiveCodeBench reproduces LiveCodeBench's own runner inside
/// the sandbox (its star-import prelude, the program wrapped in a function, stdin as a StringIO,
/// sys.exit swallowed) so that verdicts agree with its published scores; kPlain runs the file as
/// `python3 main.py`. C++ ignores this.
enum class CodeHosting { kPlain, kLiveCodeBench };

struct CodeProgram {
  CodeLanguage language = CodeLanguage::kPython;
  std::string source;
  /// Empty: a stdin/stdout program. Otherwise a LeetCode-style functional program: each test
  /// calls Solution().<function_name>(*args) (Python only).
  std::string function_name;
  CodeHosting hosting = CodeHosting::kPlain;
};

struct CodeTest {
  /// stdin bytes; for functional programs one JSON value per line, the call's arguments.
  std::string input;
  /// Expected stdout, or for functional programs the expected return value as JSON.
  /// Unset: nothing is compared and a clean run is OK.
  std::optional<std::string> expected;
};

struct CodeLimits {
  double time_limit_s = 2.0;         ///< CPU seconds summed over every thread and process
  double wall_limit_s = 0.0;         ///< 0: 2 × time_limit_s + 1
  std::int64_t memory_limit_mb = 512;
  std::size_t keep_output_bytes = 4096;  ///< head of stdout/stderr kept in each result
};

struct CodeTestResult {
  CodeVerdict verdict = CodeVerdict::kInternalError;
  bool ran = false;  ///< false: skipped because an earlier test failed
  std::int64_t cpu_ms = 0;
  std::int64_t wall_ms = 0;
  std::int64_t memory_kb = 0;  ///< peak, including tmpfs pages the program wrote
  int exit_code = -1;          ///< -1: did not exit normally
  int signal = 0;              ///< 0: not killed by a signal (our own limit kills are SIGKILL)
  std::string output;          ///< head of stdout (for functional programs: the returned JSON)
  bool output_truncated = false;
  std::string error;  ///< head of stderr (the compiler's for CE)
  bool error_truncated = false;
  std::string detail;  ///< why, for humans: "cpu time limit", "line 3: 5 != 6", ...
};

struct CodeJudgeRequest {
  CodeProgram program;
  std::vector<CodeTest> tests;
  CodeLimits limits;
  /// LiveCodeBench stops at the first failing test; so does the judgement (tests after the first
  /// failure in order are reported as not run, whatever the parallel schedule did).
  bool stop_at_first_failure = true;
};

struct CodeJudgement {
  /// OK iff every test is OK; otherwise CE, or the verdict of the first non-OK test in order.
  CodeVerdict verdict = CodeVerdict::kInternalError;
  std::vector<CodeTestResult> tests;  ///< one per request test, in order
  std::string compile_output;         ///< compiler diagnostics (head), C++ only
  bool compile_cached = false;
  int passed = 0;
};

class CodeRunner {
 public:
  virtual ~CodeRunner() = default;

  /// Runs `request.program` against every test. Safe to call from several threads. An error means
  /// the request was unusable (kInvalidArgument) or the runner itself is broken; a program's own
  /// failures, including our failures while running it (IE), are verdicts in the judgement.
  virtual Result<CodeJudgement> Judge(const CodeJudgeRequest& request) = 0;
};

}  // namespace r1
