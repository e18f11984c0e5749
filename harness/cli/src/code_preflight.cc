#include "code_preflight.h"

#include <cstdio>

#include "r1/graders/judges_code.h"
#include "r1/sandbox/preflight.h"

namespace r1::cli {

bool SuiteJudgesCode(const Suite& suite, const graders::GraderRegistry& registry) {
  auto grader = registry.Make(suite.GraderKey());
  return grader && graders::JudgesCode(**grader, suite.Problems());
}

Status PreflightCodeJudging(const std::vector<std::unique_ptr<Suite>>& suites,
                            const graders::GraderRegistry& registry) {
  bool needed = false;
  for (const auto& suite : suites) needed = needed || SuiteJudgesCode(*suite, registry);
  if (!needed) return {};
  auto report = sandbox::Preflight();
  if (!report) {
    return Fail(ErrorCode::kUnavailable,
                "this run judges code and " + report.error().message + " (nothing was asked of the model)");
  }
  std::fprintf(stderr, "r1-eval: sandbox: %s (%s); checked in %.0f ms\nr1-eval: sandbox guarantees: %s\n",
               report->isolation.name.c_str(), report->isolation.why.c_str(), report->milliseconds,
               report->isolation.guarantees.c_str());
  return {};
}

}  // namespace r1::cli
