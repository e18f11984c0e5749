// `r1-eval compare A B`: per suite, B - A in pass@1 with a paired bootstrap CI over problems,
// a paired p-value, and the problems that flipped. A and B are run ids or labels
// (comma-separated for several suites), a model name, or a JSON report file.
#include <iostream>
#include <memory>

#include "cli_util.h"
#include "commands.h"
#include "r1/reports/compare.h"
#include "r1/reports/run_set.h"

namespace r1::cli {
namespace {

struct CompareArgs {
  std::string db = "r1-eval.db";
  std::string a, b;
  std::string format = "text";
  double alpha = 0.05;
  int iterations = reports::kDefaultIterations;
  std::uint64_t seed = reports::kDefaultSeed;
};

ExitCode RunCompare(const CompareArgs& args) {
  auto a = reports::LoadRunSet(args.a, args.db);
  if (!a) return ReportError(std::move(a.error()).With("A"));
  auto b = reports::LoadRunSet(args.b, args.db);
  if (!b) return ReportError(std::move(b.error()).With("B"));
  auto cmp = reports::Compare(*a, *b, {args.alpha, args.iterations, args.seed});
  if (!cmp) return ReportError(cmp.error());
  std::cout << (args.format == "json" ? reports::RenderCompareJson(*cmp) : reports::RenderCompareText(*cmp))
            << std::flush;
  return ExitCode::kOk;
}

}  // namespace

void AddCompareCommand(CLI::App& app, ExitCode& exit_code) {
  auto args = std::make_shared<CompareArgs>();
  CLI::App* cmd = app.add_subcommand("compare", "B versus A per suite: difference, paired CI, p-value, flipped problems");
  cmd->add_option("A", args->a, "run id/label (comma-separated), model name, or JSON report file")->required();
  cmd->add_option("B", args->b, "run id/label (comma-separated), model name, or JSON report file")->required();
  cmd->add_option("--db", args->db, "SQLite store")->default_val("r1-eval.db");
  cmd->add_option("--format,-f", args->format, "text | json")->default_val("text")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--alpha", args->alpha, "1 - confidence level of the CI")->default_val(0.05)->check(CLI::Range(1e-6, 0.5));
  cmd->add_option("--iterations", args->iterations, "bootstrap and randomization resamples")
      ->default_val(reports::kDefaultIterations)
      ->check(CLI::Range(100, 10000000));
  cmd->add_option("--seed", args->seed, "resampling seed (same seed, same numbers)")->default_val(reports::kDefaultSeed);
  cmd->callback([args, &exit_code] { exit_code = RunCompare(*args); });
}

}  // namespace r1::cli
