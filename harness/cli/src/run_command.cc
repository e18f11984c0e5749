// `r1-eval [run] --suite S[,S...] --model M`: sample, store, grade, and print the table.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <random>
#include <sstream>
#include <thread>

#include "cli_util.h"
#include "code_preflight.h"
#include "commands.h"
#include "concurrency_choice.h"
#include "console_progress.h"
#include "duration_option.h"
#include "interrupt.h"
#include "model_target.h"
#include "r1/data/dataset_cache.h"
#include "r1/graders/registry.h"
#include "r1/reports/formats.h"
#include "r1/runner/runner.h"
#include "r1/store/store.h"
#include "r1/suites/declared.h"
#include "r1/suites/registry.h"
#include "run_start.h"
#include "serve.h"

namespace r1::cli {
namespace {

struct RunArgs {
  std::vector<std::string> suites;
  ModelOptions model{"", "", 10, 300};
  GenParams params;
  bool no_stream = false;
  runner::RunnerOptions runner;
  std::string db = "r1-eval.db";
  std::string data_dir;
  bool fresh = false;
  std::string label;
  bool durable_full = false;
  std::string shard;  ///< "i/N"
  std::string since;  ///< dated suites: first day kept (YYYY-MM-DD)
  std::string until;  ///< dated suites: last day kept
  std::string lang;   ///< code suites: cpp | python
  int concurrency = 0;  ///< --concurrency; 0: from the server (concurrency_choice.h)
  ServeOptions serve;   ///< --serve "CMD" (serve.h)
};

bool HasMeta(const Problem& problem, std::string_view key) {
  for (const auto& [k, v] : problem.meta) {
    if (k == key) return true;
  }
  return false;
}

void PrintGaveUp(const runner::Progress& p, const std::string& db) {
  std::fprintf(stderr,
               "r1-eval: no server answered for %.0f s (--patience): %d samples stored as errors "
               "this session, %d never asked; all is kept in %s and the same command resumes "
               "them.\n",
               p.waiting_s, p.errors, p.unasked, db.c_str());
}

// Parses "--shard i/N" (0 <= i < N).
Status ParseShard(const std::string& text, runner::RunnerOptions& options) {
  if (text.empty()) return {};
  int index = -1, count = 0;
  char slash = 0;
  std::istringstream in(text);
  in >> index >> slash >> count;
  if (!in || !in.eof() || slash != '/' || count < 1 || index < 0 || index >= count) {
    return Fail(ErrorCode::kInvalidArgument,
                "--shard " + text + ": expected i/N with 0 <= i < N, e.g. 0/4");
  }
  options.shard_index = index;
  options.shard_count = count;
  return {};
}

ExitCode Run(RunArgs args) {
  if (args.data_dir.empty()) args.data_dir = EnvOr("R1_EVAL_DATA_DIR", "");
  args.params.stream = !args.no_stream;
  args.runner.jitter_seed = std::random_device{}();
  if (args.runner.samples_per_problem < 1) {
    return ReportError(MakeError(ErrorCode::kInvalidArgument, "-n/--samples must be at least 1"));
  }
  if (auto s = ParseShard(args.shard, args.runner); !s) return ReportError(s.error());
  if (args.label.size() && args.suites.size() > 1) {
    return ReportError(MakeError(ErrorCode::kInvalidArgument,
                                 "--label names one run; give one --suite with it"));
  }

  // Load and check every suite before the server is contacted: bad input fails fast (exit 2).
  graders::GraderRegistry grader_registry;
  graders::RegisterGraders(grader_registry);
  RegisterSandboxGraders(grader_registry);
  std::vector<std::unique_ptr<Suite>> loaded;
  SuiteOptions suite_options;
  suite_options.since = args.since;
  suite_options.until = args.until;
  suite_options.language = args.lang;
  for (const auto& name : args.suites) {
    auto suite = LoadSuite(name, args.data_dir, suite_options);
    if (!suite) return ReportError(suite.error());
    // Dated suites give every problem a "date"; filtering anything else would be silently wrong.
    const auto& problems = (*suite)->Problems();
    if ((!args.since.empty() || !args.until.empty()) && !problems.empty() && !HasMeta(problems[0], "date")) {
      return ReportError(MakeError(ErrorCode::kInvalidArgument,
                                   "--since/--until select by date, and suite '" + name + "' has no dates"));
    }
    for (const auto& [id, why] : suites::Skipped(**suite)) {
      std::fprintf(stderr, "r1-eval: %s: skipped %s (%s)\n", name.c_str(), id.c_str(), why.c_str());
    }
    loaded.push_back(std::move(*suite));
  }

  if (auto s = PreflightCodeJudging(loaded, grader_registry); !s) return ReportError(s.error());
  const auto& interrupted = InstallInterruptHandler();
  auto serving = StartServing(args.serve, args.model, args.db, interrupted);  // stops when Run ends
  if (!serving) return ReportError(serving.error());
  auto target = ResolveModel(args.model);
  if (!target) return ReportError(target.error());
  const bool judges_code = std::any_of(loaded.begin(), loaded.end(), [&](const auto& suite) {
    return SuiteJudgesCode(*suite, grader_registry);
  });
  const ConcurrencyChoice concurrency =
      FitOpenFileLimit(ChooseConcurrency(args.concurrency, target->capacity), judges_code);
  args.runner.concurrency = concurrency.value;
  std::fprintf(stderr, "r1-eval: concurrency %d (%s)\n", concurrency.value, concurrency.why.c_str());
  if (!target->request_notice.empty()) {
    std::fprintf(stderr, "r1-eval: %s\n", target->request_notice.c_str());
  }
  auto store = store::Store::Open(args.db, args.durable_full ? store::Durability::kFull
                                                             : store::Durability::kNormal);
  if (!store) return ReportError(store.error());

  std::vector<reports::RunSummary> summaries;
  bool any_errors = false;
  for (std::size_t i = 0; i < loaded.size(); ++i) {
    const auto& suite = loaded[i];
    auto grader = grader_registry.Make(suite->GraderKey());
    if (!grader) return ReportError(grader.error());
    store::RunSpec spec;
    spec.suite = suite->Name();
    spec.data_version = suite->DataVersion();
    spec.model = target->model_name;
    spec.endpoint = target->endpoint;
    spec.params = args.params;
    spec.prompt_version = suite->PromptVersion();
    spec.grader = suite->GraderKey();
    spec.samples_per_problem = args.runner.samples_per_problem;
    spec.label = args.label;
    spec.breakdowns = DeclaredBreakdowns(args.suites[i]);
    bool created = false;
    auto run = (*store)->OpenRun(spec, args.fresh, &created);
    if (!run) return ReportError(run.error());
    auto start =
        RunStartLine(**store, {&*run, created, target->model_name, target->endpoint, args.db},
                     suite->Problems(), args.runner);
    if (!start) return ReportError(start.error());
    std::fprintf(stderr, "r1-eval: %s\n", start->c_str());
    std::string title = suite->Name();
    if (args.runner.shard_count > 1) {
      title += fmt::format(" [shard {}/{}]", args.runner.shard_index, args.runner.shard_count);
    }
    ConsoleProgress progress(title);
    runner::RunnerOptions options = args.runner;
    // Graders that run programs take seconds per sample: they grade on their own threads.
    if (SuiteJudgesCode(*suite, grader_registry)) {
      options.grading_threads = static_cast<int>(std::max(2u, 2 * std::thread::hardware_concurrency()));
    }
    auto result = runner::RunSamples(*target->backend, **store, *run, *suite, **grader,
                                     options, progress, interrupted);
    if (!result) {
      if (result.error().code == ErrorCode::kCancelled) {
        std::fprintf(stderr,
                     "r1-eval: interrupted; every completed sample is stored in %s. Run the same "
                     "command again to resume.\n",
                     args.db.c_str());
        return ExitCode::kInterrupted;
      }
      return ReportError(result.error());
    }
    if (result->gave_up) PrintGaveUp(*result, args.db);
    any_errors = any_errors || result->errors > 0;
    // A shard's store holds only its slice; the merged store's run is the finished one.
    if (result->errors == 0 && args.runner.shard_count == 1) (void)(*store)->MarkFinished(run->id);
    auto summary = reports::Summarize(**store, *run, {.breakdowns = BreakdownsOf(*run)});
    if (!summary) return ReportError(summary.error());
    // A judge failure is not a verdict: the numbers are incomplete, as with a server error.
    any_errors = any_errors || summary->metrics.unscored > 0;
    summaries.push_back(std::move(*summary));
  }
  std::cout << reports::RenderTable(summaries) << std::flush;
  for (std::size_t i = 0; i < summaries.size(); ++i) {
    const auto& s = summaries[i];
    if (!suites::RatedLikeCodeforces(*loaded[i])) continue;
    auto rating = CodeforcesRatingReport(**store, s.run, "");
    if (!rating) return ReportError(rating.error());
    std::cout << *rating << std::flush;
  }
  // Errored or unscored samples mean the numbers are incomplete: a check failed (exit 1), loudly.
  return any_errors ? ExitCode::kCheckFailed : ExitCode::kOk;
}

}  // namespace

void AddRunCommand(CLI::App& app, ExitCode& exit_code) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "sample a model on suites, store and grade (default)");
  cmd->add_option("--suite,-s", args->suites,
                  "suites, comma-separated: names (`r1-eval suites` lists them) or suite files")
      ->required()
      ->delimiter(',');
  cmd->add_option("--model,-m", args->model.model,
                  "local | mock | http://host:port/v1 | provider:name (deepseek:deepseek-reasoner)")
      ->required();
  cmd->add_option("--model-name", args->model.model_name, "served model to ask for (default: the first listed)");
  cmd->add_option("-n,--samples", args->runner.samples_per_problem, "samples per problem (k)")
      ->default_val(64);
  cmd->add_option("--temperature", args->params.temperature)->default_val(0.6);
  cmd->add_option("--top-p", args->params.top_p)->default_val(0.95);
  cmd->add_option("--max-tokens", args->params.max_tokens)->default_val(32768);
  cmd->add_option("--concurrency,-c", args->concurrency,
                  "requests in flight (default: the server's slots plus a small queue where it says "
                  "them, else 64)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--max-attempts", args->runner.max_attempts, "attempts per sample")
      ->default_val(6)
      ->check(CLI::Range(1, 100));
  cmd->add_option("--connect-timeout", args->model.connect_timeout_s, "seconds")->default_val(10);
  cmd->add_option("--idle-timeout", args->model.idle_timeout_s,
                  "seconds without a byte, once a stream's response has started, before it is retried")
      ->default_val(300);
  AddDurationOption(cmd, "--patience", args->runner.patience_s,
                    "how long to wait for a server that does not answer before giving up "
                    "(seconds, or 90s, 10m, 1h; default 10m)");
  cmd->add_flag("--no-stream", args->no_stream, "non-streaming requests");
  cmd->add_option("--db", args->db, "SQLite store")->default_val("r1-eval.db");
  cmd->add_option("--data-dir", args->data_dir, "offline data: DIR/<suite>/ (env R1_EVAL_DATA_DIR)");
  cmd->add_option("--limit", args->runner.limit, "first N problems only")->check(CLI::NonNegativeNumber);
  cmd->add_flag("--fresh", args->fresh, "start a new run instead of resuming");
  cmd->add_option("--label", args->label, "name for the run (unique per store)");
  cmd->add_flag("--durable", args->durable_full,
                "fsync every sample (survives power loss; default survives process crashes)");
  cmd->add_option("--shard", args->shard,
                  "i/N: sample only slice i of N (one store per shard; join with r1-eval merge)");
  cmd->add_option("--since", args->since,
                  "dated suites: keep problems dated on or after this day, YYYY-MM-DD (livecodebench "
                  "default: 2024-08-01, DeepSeek-R1's window)");
  cmd->add_option("--lang", args->lang, "code suites: the language asked for, cpp or python (codeforces "
                                        "default: cpp; livecodebench: python only)");
  cmd->add_option("--until", args->until,
                  "dated suites: keep problems dated on or before this day, YYYY-MM-DD (livecodebench "
                  "default: 2025-02-01)");
  cmd->add_option("--serve", args->serve.command,
                  "start this model server command first (own process group, output in "
                  "<db>.serve.log), wait for /v1/models, stop it afterwards");
  cmd->add_option("--serve-timeout", args->serve.timeout_s, "seconds --serve waits for /v1/models")
      ->default_val(1200)
      ->check(CLI::Range(1, 7 * 24 * 3600));
  cmd->add_option("--serve-grace", args->serve.grace_s,
                  "seconds between SIGTERM and SIGKILL when --serve stops the server")
      ->default_val(10)
      ->check(CLI::Range(0, 3600));
  cmd->callback([args, &exit_code] { exit_code = Run(*args); });
}

}  // namespace r1::cli
