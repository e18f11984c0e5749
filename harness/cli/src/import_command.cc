// `r1-eval import FILE --suite S`: generations made elsewhere become a graded run in the store.
#include <cstdio>

#include "cli_util.h"
#include "commands.h"
#include "r1/graders/registry.h"
#include "r1/runner/import.h"
#include "r1/store/store.h"

namespace r1::cli {
namespace {

struct ImportArgs {
  std::string file;
  std::string suite;
  std::string model;
  std::string label;
  std::string db = "r1-eval.db";
  std::string data_dir;
  runner::ImportFields fields;
  GenParams params;
};

ExitCode Import(ImportArgs args) {
  if (args.data_dir.empty()) args.data_dir = EnvOr("R1_EVAL_DATA_DIR", "");
  auto suite = LoadSuite(args.suite, args.data_dir);
  if (!suite) return ReportError(suite.error());
  graders::GraderRegistry registry;
  graders::RegisterGraders(registry);
  auto grader = registry.Make((*suite)->GraderKey());
  if (!grader) return ReportError(grader.error());
  auto records = runner::ReadImport(args.file, **suite, args.fields);
  if (!records) return ReportError(records.error());
  auto store = store::Store::Open(args.db);
  if (!store) return ReportError(store.error());
  store::RunSpec spec;
  spec.suite = (*suite)->Name();
  spec.data_version = (*suite)->DataVersion();
  spec.model = args.model;
  spec.endpoint = "import:" + args.file;
  spec.params = args.params;
  // Another prompt made these generations: keep them apart from runs sampled here.
  spec.prompt_version = args.fields.think_opened ? "imported-think-opened" : "imported";
  spec.grader = (*suite)->GraderKey();
  spec.label = args.label;
  spec.breakdowns = DeclaredBreakdowns(args.suite);
  auto report = runner::ImportRun(**store, spec, **suite, **grader, *records, args.fields.think_opened);
  if (!report) return ReportError(report.error());
  std::fprintf(stderr, "r1-eval: imported %d samples of %d problems into run %lld (%s, k=%d)\n",
               report->samples, report->problems, static_cast<long long>(report->run.id),
               report->run.suite.c_str(), report->run.samples_per_problem);
  return ExitCode::kOk;
}

}  // namespace

void AddImportCommand(CLI::App& app, ExitCode& exit_code) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "import", "bring generations made elsewhere (JSON/JSONL) into the store, graded as a run");
  cmd->add_option("file", args->file, "JSON array or JSON lines of records")->required();
  cmd->add_option("--suite,-s", args->suite, "the suite the records answer")->required();
  cmd->add_option("--model,-m", args->model, "model name to record")->default_val("imported");
  cmd->add_option("--response-field", args->fields.response,
                  "field with the response: a string or a list of k samples")
      ->default_val("response");
  cmd->add_option("--problem-field", args->fields.problem,
                  "field with the problem text (matched whitespace-normalised)")
      ->default_val("problem");
  cmd->add_option("--id-field", args->fields.id, "field matched against the suite's problem ids");
  cmd->add_option("--finish-reason-field", args->fields.finish_reason,
                  "field with finish reasons (a string or a list parallel to the responses)");
  cmd->add_flag("--think-opened", args->fields.think_opened,
                "the chat template opened <think> in the prompt (R1-distill templates do): a response "
                "is thinking up to </think>, and one without </think> is truncated, not graded");
  cmd->add_option("--temperature", args->params.temperature, "as the generations were sampled")
      ->default_val(0.6);
  cmd->add_option("--top-p", args->params.top_p)->default_val(0.95);
  cmd->add_option("--max-tokens", args->params.max_tokens)->default_val(32768);
  cmd->add_option("--label", args->label, "name for the run (unique per store)");
  cmd->add_option("--db", args->db, "SQLite store")->default_val("r1-eval.db");
  cmd->add_option("--data-dir", args->data_dir, "offline data: DIR/<suite>/ (env R1_EVAL_DATA_DIR)");
  cmd->callback([args, &exit_code] { exit_code = Import(*args); });
}

}  // namespace r1::cli
