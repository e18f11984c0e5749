#include "r1/sandbox/preflight.h"

#include <chrono>

#include <fmt/format.h>

namespace r1::sandbox {
namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The fix to suggest for a failure in `mode`.
std::string Fix(const IsolationInfo& info) {
  if (std::string blocker = UserNamespaceBlocker(); !blocker.empty()) return blocker;
  if (info.mode == IsolationMode::kRlimits) {
    return "fix: run as root, or under `systemd-run --user --scope -p Delegate=yes`; "
           "`r1-eval sandbox check` shows the details";
  }
  return "fix: see `r1-eval sandbox check` and SECURITY.md";
}

}  // namespace

std::string FormatIsolation(const IsolationInfo& info) {
  return fmt::format("isolation: {}\n  why: {}\n  guarantees: {}\n", info.name, info.why, info.guarantees);
}

Result<PreflightReport> Preflight(RunnerOptions options) {
  const Clock::time_point start = Clock::now();
  PreflightReport report;
  auto chosen = ChooseIsolation();
  if (!chosen) {
    return Fail(ErrorCode::kUnavailable, fmt::format("{}; fix: run r1-eval as root on a host whose cgroups it "
                                                     "can use, or see `r1-eval sandbox check`",
                                                     chosen.error().message));
  }
  report.isolation = *chosen;
  options.workers = 1;
  options.cache_dir.clear();  // compile for real: the compiler must work in the sandbox too
  auto runner = SandboxRunner::Create(options);
  if (!runner) {
    return Fail(ErrorCode::kUnavailable, fmt::format("the code sandbox cannot start here ({}): {}; {}", chosen->name,
                                                     runner.error().message, Fix(*chosen)));
  }
  report.where = (*runner)->sandbox().Describe();
  struct Probe {
    CodeLanguage language;
    const char* name;
    const char* source;
  };
  const Probe probes[] = {
      {CodeLanguage::kPython, "python3", "a, b = map(int, input().split())\nprint(a + b)\n"},
      {CodeLanguage::kCpp, "g++ (compile and run)",
       "#include <iostream>\nint main() { long a, b; std::cin >> a >> b; std::cout << a + b << '\\n'; }\n"},
  };
  for (const Probe& probe : probes) {
    const Clock::time_point t0 = Clock::now();
    CodeJudgeRequest request;
    request.program.language = probe.language;
    request.program.source = probe.source;
    request.tests.push_back({"2 3\n", std::string("5\n")});
    request.limits.time_limit_s = 10;
    request.limits.memory_limit_mb = 256;
    auto judged = (*runner)->Judge(request);
    std::string why;
    if (!judged) {
      why = judged.error().message;
    } else if (judged->verdict != CodeVerdict::kOk) {
      const CodeTestResult* t = judged->tests.empty() ? nullptr : &judged->tests.front();
      why = fmt::format("{} ({})", CodeVerdictName(judged->verdict), t != nullptr ? t->detail : "");
      if (judged->verdict == CodeVerdict::kCompileError) why += ": " + judged->compile_output.substr(0, 500);
    }
    if (!why.empty()) {
      return Fail(ErrorCode::kUnavailable, fmt::format("the code sandbox ({}) cannot run a trivial {} program: {}; {}",
                                                       chosen->name, probe.name, why, Fix(*chosen)));
    }
    report.checks.push_back(fmt::format("{}: OK in {:.0f} ms", probe.name, MsSince(t0)));
  }
  report.milliseconds = MsSince(start);
  return report;
}

}  // namespace r1::sandbox
