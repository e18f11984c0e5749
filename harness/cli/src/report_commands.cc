// Commands that read the store without calling a model: report, export, runs, regrade.
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_util.h"
#include "commands.h"
#include "r1/graders/registry.h"
#include "r1/reports/csv_table.h"
#include "r1/reports/formats.h"
#include "r1/reports/html_leaderboard.h"
#include "r1/reports/markdown_table.h"
#include "r1/reports/run_set.h"
#include "r1/runner/runner.h"
#include "r1/store/store.h"

namespace r1::cli {
namespace {

struct PriceArgs {
  std::string preset;
  double input = -1;  ///< USD per million tokens; -1: not given
  double output = -1;
};

void AddPriceOptions(CLI::App* cmd, PriceArgs& args) {
  std::string presets;
  for (const auto& n : reports::PricingPresetNames()) presets += (presets.empty() ? "" : ", ") + n;
  cmd->add_option("--price", args.preset, "price preset for the cost column: " + presets);
  cmd->add_option("--price-in", args.input, "USD per million prompt tokens (overrides the preset)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--price-out", args.output, "USD per million completion tokens (overrides the preset)")
      ->check(CLI::NonNegativeNumber);
}

// No price options: no cost. A preset may be adjusted by --price-in/--price-out.
Result<std::optional<reports::Pricing>> ResolvePricing(const PriceArgs& args) {
  if (args.preset.empty() && args.input < 0 && args.output < 0) return std::optional<reports::Pricing>();
  reports::Pricing p{"custom", 0, 0, "given on the command line"};
  if (!args.preset.empty()) {
    auto preset = reports::PricingPreset(args.preset);
    if (!preset) return std::unexpected(preset.error());
    p = *preset;
  }
  if (args.input >= 0) p.input_per_million = args.input;
  if (args.output >= 0) p.output_per_million = args.output;
  if (!args.preset.empty() && (args.input >= 0 || args.output >= 0)) p.name += " (adjusted)";
  return std::optional<reports::Pricing>(p);
}

struct StoreArgs {
  std::string db = "r1-eval.db";
  std::string run;  ///< id or label; empty: every run
  std::string format;
  std::string output;
  bool include_prompts = false;  ///< export only: add each problem's statement
  bool include_gpqa_output = false;  ///< report html / export: show GPQA model text
  // report only
  std::string reference;  ///< "r1": published rows beside the runs
  PriceArgs price;
  int viewer_samples = 2;  ///< html: samples per problem in the sample viewer
  bool only_unscored = false;  ///< regrade only: retry judge failures (and ungraded samples)
};

Result<std::unique_ptr<store::Store>> OpenExisting(const std::string& db) {
  return reports::OpenExistingStore(db);
}

// --run: every run when empty, else as compare and gate name runs (ids, labels, a model name).
Result<std::vector<store::RunRecord>> SelectRuns(store::Store& store, const std::string& run) {
  if (run.empty()) return store.Runs();
  return reports::SelectRuns(store, run);
}

// Writes to -o FILE (atomically: a temp file renamed into place) or stdout.
Status Emit(const std::string& output, const std::string& text) {
  if (output.empty() || output == "-") {
    std::cout << text << std::flush;
    return {};
  }
  return reports::WriteFileAtomically(output, text);
}

ExitCode Report(const StoreArgs& args) {
  reports::ReportOptions options;
  if (!args.reference.empty()) {
    auto table = reports::LoadReference(args.reference);
    if (!table) return ReportError(table.error());
    options.reference = std::move(*table);
  }
  auto pricing = ResolvePricing(args.price);
  if (!pricing) return ReportError(pricing.error());
  options.pricing = std::move(*pricing);

  auto store = OpenExisting(args.db);
  if (!store) return ReportError(store.error());
  auto runs = SelectRuns(**store, args.run);
  if (!runs) return ReportError(runs.error());
  reports::SummarizeOptions summarize;
  if (args.format == "html") summarize.viewer_samples = args.viewer_samples;
  summarize.include_withheld_output = args.include_gpqa_output;
  std::vector<reports::RunSummary> summaries;
  for (const auto& run : *runs) {
    summarize.breakdowns = BreakdownsOf(run);
    auto s = reports::Summarize(**store, run, summarize);
    if (!s) return ReportError(s.error());
    summaries.push_back(std::move(*s));
  }
  std::string text;
  if (args.format == "table") {
    text = reports::RenderTable(summaries, options);
  } else if (args.format == "json") {
    text = reports::RenderJson(summaries, options);
  } else if (args.format == "markdown") {
    text = reports::RenderMarkdown(summaries, options);
  } else if (args.format == "csv") {
    text = reports::RenderCsv(summaries, options);
  } else {
    text = reports::RenderHtml(summaries, options);
  }
  if (auto s = Emit(args.output, text); !s) return ReportError(s.error());
  if (args.format == "html" && !args.output.empty() && args.output != "-") {
    std::fprintf(stderr, "r1-eval: wrote %s (%zu runs, %.1f KiB); open it in a browser\n", args.output.c_str(),
                 summaries.size(), static_cast<double>(text.size()) / 1024);
  }
  return ExitCode::kOk;
}

// The export plus a "prompt" field (the stored problem statement) on every line. Off by
// default: GPQA's authors ask that their questions never be published in plain text.
Status ExportWithPrompts(store::Store& store, const store::RunRecord& run, std::ostream& out,
                         bool include_gpqa_output) {
  auto problems = store.Problems(run.id);
  if (!problems) return std::unexpected(problems.error());
  std::map<std::string, std::string> statements;
  for (const auto& p : *problems) statements[p.id] = p.question;
  std::ostringstream lines;
  if (auto s = reports::ExportJsonl(store, run, lines, include_gpqa_output); !s) return s;
  std::istringstream in(lines.str());
  for (std::string line; std::getline(in, line);) {
    auto row = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (row.is_object() && row.contains("problem_id") && row["problem_id"].is_string()) {
      row["prompt"] = statements[row["problem_id"].get<std::string>()];
    }
    out << row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
  return {};
}

ExitCode Export(const StoreArgs& args) {
  auto store = OpenExisting(args.db);
  if (!store) return ReportError(store.error());
  auto runs = SelectRuns(**store, args.run);
  if (!runs) return ReportError(runs.error());
  // Streamed sample by sample: an export of a 100k-sample run never sits in memory.
  const bool to_stdout = args.output.empty() || args.output == "-";
  std::string tmp = args.output + ".tmp";
  std::ofstream file;
  if (!to_stdout) {
    file.open(tmp, std::ios::binary);
    if (!file) return ReportError(MakeError(ErrorCode::kUnavailable, args.output + ": cannot write"));
  }
  std::ostream& out = to_stdout ? std::cout : file;
  for (const auto& run : *runs) {
    auto s = args.include_prompts ? ExportWithPrompts(**store, run, out, args.include_gpqa_output)
                                  : reports::ExportJsonl(**store, run, out, args.include_gpqa_output);
    if (!s) return ReportError(s.error());
  }
  out.flush();
  if (!to_stdout) {
    file.close();
    std::error_code ec;
    std::filesystem::rename(tmp, args.output, ec);
    if (ec) return ReportError(MakeError(ErrorCode::kUnavailable, args.output + ": " + ec.message()));
  }
  return ExitCode::kOk;
}

ExitCode ListRuns(const StoreArgs& args) {
  auto store = OpenExisting(args.db);
  if (!store) return ReportError(store.error());
  auto runs = (*store)->Runs();
  if (!runs) return ReportError(runs.error());
  std::string text = fmt::format("{:<5} {:<12} {:<12} {:<30} {:>4} {:>8} {:<20} {}\n", "id",
                                 "label", "suite", "model", "k", "samples", "created", "status");
  for (const auto& r : *runs) {
    auto count = (*store)->SampleCount(r.id);
    long long n = count ? *count : 0;
    text += fmt::format("{:<5} {:<12} {:<12} {:<30} {:>4} {:>8} {:<20} {}\n", r.id, r.label,
                        r.suite, r.model, r.samples_per_problem, n, r.created_at,
                        r.finished_at.empty() ? "unfinished" : "finished");
  }
  std::cout << text << std::flush;
  return ExitCode::kOk;
}

ExitCode Regrade(const StoreArgs& args) {
  auto store = OpenExisting(args.db);
  if (!store) return ReportError(store.error());
  auto runs = SelectRuns(**store, args.run);
  if (!runs) return ReportError(runs.error());
  graders::GraderRegistry registry;
  graders::RegisterGraders(registry);
  RegisterSandboxGraders(registry);
  bool still_unscored = false;
  for (const auto& run : *runs) {
    auto grader = registry.Make(run.grader);
    if (!grader) return ReportError(std::move(grader.error()).With(fmt::format("run {}", run.id)));
    auto n = runner::Regrade(**store, run, **grader,
                             args.only_unscored ? runner::RegradeScope::kUnscored : runner::RegradeScope::kAll);
    if (!n) return ReportError(n.error());
    std::fprintf(stderr, "r1-eval: run %lld: regraded %d samples with %s\n",
                 static_cast<long long>(run.id), *n, (*grader)->Version().c_str());
    auto summary = reports::Summarize(**store, run, {.viewer_samples = 0, .text_diagnostics = false});
    if (!summary) return ReportError(summary.error());
    if (summary->metrics.unscored > 0) {
      std::fprintf(stderr,
                   "r1-eval: run %lld: %d samples are still unscored (our judge failed again; see "
                   "`r1-eval sandbox check`)\n",
                   static_cast<long long>(run.id), summary->metrics.unscored);
      still_unscored = true;
    }
  }
  // Judge failures left: the numbers are still incomplete (as after a run).
  return still_unscored ? ExitCode::kCheckFailed : ExitCode::kOk;
}

void AddStoreOptions(CLI::App* cmd, StoreArgs& args, bool with_run) {
  cmd->add_option("--db", args.db, "SQLite store")->default_val("r1-eval.db");
  if (with_run) cmd->add_option("--run", args.run, "run id or label (default: every run)");
}

}  // namespace

void AddReportCommands(CLI::App& app, ExitCode& exit_code) {
  auto report = std::make_shared<StoreArgs>();
  CLI::App* cmd = app.add_subcommand("report", "metrics tables from the store (no model calls)");
  AddStoreOptions(cmd, *report, true);
  cmd->add_option("--format,-f", report->format, "table | markdown | csv | json | html")
      ->default_val("table")
      ->check(CLI::IsMember({"table", "markdown", "csv", "json", "html"}));
  cmd->add_option("-o,--output", report->output, "write to FILE instead of stdout");
  cmd->add_option("--reference", report->reference, "published numbers beside the runs: r1 (the DeepSeek-R1 paper)")
      ->check(CLI::IsMember({"r1"}));
  AddPriceOptions(cmd, report->price);
  cmd->add_option("--viewer-samples", report->viewer_samples, "html: samples per problem in the sample viewer")
      ->default_val(2)
      ->check(CLI::Range(0, 1000));
  cmd->add_flag("--include-gpqa-output", report->include_gpqa_output,
                "html: show GPQA samples' thinking and answers in the sample viewer (withheld by default: "
                "they restate the questions, which GPQA's authors ask never to publish)");
  cmd->callback([report, &exit_code] { exit_code = Report(*report); });

  auto exp = std::make_shared<StoreArgs>();
  cmd = app.add_subcommand("export", "every stored sample as JSON lines");
  AddStoreOptions(cmd, *exp, true);
  cmd->add_option("--format,-f", exp->format, "jsonl")->default_val("jsonl")->check(
      CLI::IsMember({"jsonl"}));
  cmd->add_option("-o,--output", exp->output, "write to FILE instead of stdout");
  cmd->add_flag("--include-prompts", exp->include_prompts,
                "add each problem's statement (off by default: GPQA's must not be published)");
  cmd->add_flag("--include-gpqa-output", exp->include_gpqa_output,
                "include GPQA samples' content and reasoning (null by default: they restate the "
                "questions, which GPQA's authors ask never to publish)");
  cmd->callback([exp, &exit_code] { exit_code = Export(*exp); });

  auto runs = std::make_shared<StoreArgs>();
  cmd = app.add_subcommand("runs", "list the runs in the store");
  AddStoreOptions(cmd, *runs, false);
  cmd->callback([runs, &exit_code] { exit_code = ListRuns(*runs); });

  auto regrade = std::make_shared<StoreArgs>();
  cmd = app.add_subcommand("regrade",
                           "recompute grades from stored completions (exit 1 while any sample stays unscored)");
  AddStoreOptions(cmd, *regrade, true);
  cmd->add_flag("--unscored", regrade->only_unscored,
                "retry only the samples whose judging failed for our reasons (sandbox or internal "
                "error) or never ran; default: every sample");
  cmd->callback([regrade, &exit_code] { exit_code = Regrade(*regrade); });
}

}  // namespace r1::cli
