// `r1-eval gate --baseline X --candidate Y`: exit 1 when a suite regressed (a drop of at least
// --max-drop points that is significant at --alpha, one-sided) or the candidate does not cover
// what the baseline did (unless --allow-partial), exit 2 when nothing is comparable, else 0. X and Y are run ids or labels in
// --db, a model name, or a JSON report file (a baseline committed to a repository).
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli_util.h"
#include "commands.h"
#include "r1/reports/gate.h"
#include "r1/reports/junit.h"
#include "r1/reports/run_set.h"

namespace r1::cli {
namespace {

struct GateArgs {
  std::string db = "r1-eval.db";
  std::string baseline, candidate;
  double max_drop = 2.0;
  double alpha = 0.05;
  std::string junit;
  int iterations = reports::kDefaultIterations;
  std::uint64_t seed = reports::kDefaultSeed;
  bool allow_partial = false;
};

ExitCode RunGate(const GateArgs& args) {
  auto base = reports::LoadRunSet(args.baseline, args.db);
  if (!base) return ReportError(std::move(base.error()).With("baseline"));
  auto cand = reports::LoadRunSet(args.candidate, args.db);
  if (!cand) return ReportError(std::move(cand.error()).With("candidate"));
  auto cmp = reports::Compare(*base, *cand, {args.alpha, args.iterations, args.seed});
  if (!cmp) return ReportError(cmp.error());
  const reports::GateResult result =
      reports::EvaluateGate(*cmp, {args.max_drop, args.alpha, args.allow_partial});
  std::cout << reports::RenderGateText(result);
  if (EnvOr("GITHUB_ACTIONS", "") == "true") std::cout << reports::GithubAnnotations(result);
  std::cout << std::flush;
  if (!args.junit.empty()) {
    if (auto s = reports::WriteFileAtomically(args.junit, reports::RenderJUnit(result)); !s) {
      return ReportError(s.error());
    }
  }
  // Nothing comparable is bad input (two runs that cannot be compared), never a pass.
  if (result.nothing_comparable) return ExitCode::kUsage;
  return result.failed ? ExitCode::kCheckFailed : ExitCode::kOk;
}

}  // namespace

void AddGateCommand(CLI::App& app, ExitCode& exit_code) {
  auto args = std::make_shared<GateArgs>();
  CLI::App* cmd = app.add_subcommand("gate", "CI regression gate: exit 1 on a significant drop in any suite");
  cmd->add_option("--baseline", args->baseline, "run id/label (comma-separated), model name, or JSON report file")
      ->required();
  cmd->add_option("--candidate", args->candidate, "run id/label (comma-separated), model name, or JSON report file")
      ->required();
  cmd->add_option("--db", args->db, "SQLite store")->default_val("r1-eval.db");
  cmd->add_option("--max-drop", args->max_drop, "fail only on drops of at least this many pass@1 points")
      ->default_val(2.0)
      ->check(CLI::Range(0.0, 100.0));
  cmd->add_flag("--allow-partial", args->allow_partial,
                "gate on what both sides scored: a candidate lacking problems or suites of the baseline, or "
                "with errored or unscored samples, is a note instead of a failure");
  cmd->add_option("--alpha", args->alpha, "significance level of the one-sided test for a drop")
      ->default_val(0.05)
      ->check(CLI::Range(1e-6, 0.5));
  cmd->add_option("--junit", args->junit, "also write JUnit XML here (a <failure> per failing suite)");
  cmd->add_option("--iterations", args->iterations, "bootstrap and randomization resamples")
      ->default_val(reports::kDefaultIterations)
      ->check(CLI::Range(100, 10000000));
  cmd->add_option("--seed", args->seed, "resampling seed")->default_val(reports::kDefaultSeed);
  cmd->callback([args, &exit_code] { exit_code = RunGate(*args); });
}

}  // namespace r1::cli
