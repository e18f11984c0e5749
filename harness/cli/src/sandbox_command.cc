// `r1-eval sandbox run`: judges one file against one test through the same SandboxRunner the
// code graders use, and prints the verdict as JSON.
#include "sandbox_command.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_util.h"
#include "r1/core/code_runner.h"
#include "r1/sandbox/preflight.h"
#include "r1/sandbox/runner.h"

namespace r1::cli {
namespace {

using json = nlohmann::ordered_json;

constexpr std::size_t kHeadBytes = 4096;

struct SandboxRunOptions {
  std::string lang;
  std::string file;
  std::string stdin_file;
  std::string expect_file;
  double time_limit_s = 2.0;
  std::int64_t memory_limit_mb = 512;
  std::string function;
  bool lcb = false;
  std::string cache_dir;
};

Result<std::string> ReadWhole(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, std::string(what) + " " + path + ": cannot read");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

json ResultJson(const CodeJudgement& judgement, CodeLanguage language) {
  const CodeTestResult& t = judgement.tests.front();
  json out;
  out["verdict"] = CodeVerdictName(judgement.verdict);
  out["cpu_ms"] = t.cpu_ms;
  out["wall_ms"] = t.wall_ms;
  out["memory_kb"] = t.memory_kb;
  out["exit_code"] = t.exit_code;
  out["signal"] = t.signal;
  out["stdout"] = t.output;
  out["stdout_truncated"] = t.output_truncated;
  // For a compile error the interesting stderr is the compiler's.
  const bool compile_failed = !t.ran && language == CodeLanguage::kCpp;
  const std::string err = compile_failed ? judgement.compile_output.substr(0, kHeadBytes) : t.error;
  out["stderr"] = err;
  out["stderr_truncated"] = compile_failed ? judgement.compile_output.size() > kHeadBytes : t.error_truncated;
  out["detail"] = t.detail;
  if (language == CodeLanguage::kCpp) {
    out["compile"] = {{"cached", judgement.compile_cached},
                      {"output", judgement.compile_output.substr(0, kHeadBytes)}};
  }
  return out;
}

ExitCode Run(const SandboxRunOptions& o) {
  auto language = ParseCodeLanguage(o.lang);
  if (!language) return ReportError(MakeError(ErrorCode::kInvalidArgument, "--lang must be python or cpp"));
  if (!(o.time_limit_s > 0 && o.time_limit_s <= 3600)) {
    return ReportError(MakeError(ErrorCode::kInvalidArgument, "--time-limit must be in (0, 3600] seconds"));
  }
  if (o.memory_limit_mb < 16 || o.memory_limit_mb > (1 << 20)) {
    return ReportError(MakeError(ErrorCode::kInvalidArgument, "--memory-limit must be in [16, 1048576] MB"));
  }
  if (!o.function.empty() && *language != CodeLanguage::kPython) {
    return ReportError(MakeError(ErrorCode::kInvalidArgument, "--function needs --lang python"));
  }
  auto source = ReadWhole(o.file, "program");
  if (!source) return ReportError(source.error());
  CodeTest test;
  if (!o.stdin_file.empty()) {
    auto input = ReadWhole(o.stdin_file, "--stdin");
    if (!input) return ReportError(input.error());
    test.input = std::move(*input);
  }
  if (!o.expect_file.empty()) {
    auto expected = ReadWhole(o.expect_file, "--expect");
    if (!expected) return ReportError(expected.error());
    test.expected = std::move(*expected);
  }

  sandbox::RunnerOptions options;
  options.workers = 1;
  options.cache_dir = o.cache_dir.empty() ? DefaultCacheDir() + "/sandbox" : o.cache_dir;
  auto runner = sandbox::SandboxRunner::Create(options);
  if (!runner) return ReportError(runner.error());

  CodeJudgeRequest request;
  request.program = {*language, std::move(*source), o.function,
                     o.lcb ? CodeHosting::kLiveCodeBench : CodeHosting::kPlain};
  request.tests.push_back(std::move(test));
  request.limits.time_limit_s = o.time_limit_s;
  request.limits.memory_limit_mb = o.memory_limit_mb;
  request.limits.keep_output_bytes = kHeadBytes;
  auto judged = (*runner)->Judge(request);
  if (!judged) return ReportError(judged.error());
  std::cout << ResultJson(*judged, *language).dump(-1, ' ', false, json::error_handler_t::replace) << std::endl;
  return judged->verdict == CodeVerdict::kInternalError ? ExitCode::kInfrastructure : ExitCode::kOk;
}

// `sandbox check`: which isolation this machine gets, why, what it guarantees, and a trivial
// Python and C++ program run through it (the same check `run` makes before judging code).
ExitCode Check() {
  auto chosen = sandbox::ChooseIsolation();
  if (chosen) std::cout << sandbox::FormatIsolation(*chosen) << std::flush;
  auto report = sandbox::Preflight();
  if (!report) return ReportError(report.error());
  if (!report->where.empty()) std::cout << "  where: " << report->where << "\n";
  for (const std::string& line : report->checks) std::cout << "  " << line << "\n";
  std::cout << "sandbox: OK (" << static_cast<long>(report->milliseconds) << " ms)" << std::endl;
  return ExitCode::kOk;
}

}  // namespace

void AddSandboxCommand(CLI::App& app, ExitCode& exit_code) {
  auto* sandbox = app.add_subcommand("sandbox", "Run untrusted programs in the sandbox (see SECURITY.md)");
  sandbox->require_subcommand(1);
  auto* run = sandbox->add_subcommand(
      "run", "Run one program on one input in the sandbox and print its verdict as JSON (exit 0 whatever the "
             "verdict; 2 bad usage; 3 the sandbox failed)");
  auto o = std::make_shared<SandboxRunOptions>();
  run->add_option("--lang", o->lang, "python or cpp (C++17, g++ -O2)")->required();
  run->add_option("file", o->file, "the program's source")->required();
  run->add_option("--stdin", o->stdin_file, "file fed to the program's stdin (default: empty)");
  run->add_option("--expect", o->expect_file,
                  "expected stdout, compared by LiveCodeBench's rules (with --function: the expected return "
                  "value as JSON); without it a clean run is OK");
  run->add_option("--time-limit", o->time_limit_s, "CPU seconds, summed over threads and children")->capture_default_str();
  run->add_option("--memory-limit", o->memory_limit_mb, "MB of memory, including files it writes")->capture_default_str();
  run->add_option("--function", o->function,
                  "call Solution().NAME(*args) (LeetCode style); --stdin holds one JSON argument per line");
  run->add_flag("--lcb", o->lcb, "host Python the way LiveCodeBench's runner does (its prelude, stdin, exit)");
  run->add_option("--cache-dir", o->cache_dir, "compiled binaries cache (default: $XDG_CACHE_HOME/r1-eval/sandbox)");
  run->callback([&exit_code, o] { exit_code = Run(*o); });
  auto* check = sandbox->add_subcommand(
      "check", "Show the isolation this machine gets (what, why, what it guarantees) and prove it works with a "
               "trivial Python and C++ program (exit 0 works; 3 it does not, with the reason and the fix)");
  check->callback([&exit_code] { exit_code = Check(); });
}

}  // namespace r1::cli
