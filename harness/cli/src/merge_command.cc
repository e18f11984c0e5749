// `r1-eval merge OUT.db IN.db...`: joins shard stores (`--shard i/N`) into one store.
#include <cstdio>
#include <filesystem>

#include "cli_util.h"
#include "commands.h"
#include "r1/store/store.h"

namespace r1::cli {
namespace {

struct MergeArgs {
  std::string out;
  std::vector<std::string> inputs;
};

ExitCode Merge(const MergeArgs& args) {
  std::vector<std::unique_ptr<store::Store>> opened;
  std::vector<store::Store*> inputs;
  for (const auto& path : args.inputs) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      return ReportError(MakeError(ErrorCode::kNotFound, "store '" + path + "' does not exist"));
    }
    if (std::filesystem::exists(args.out, ec) && std::filesystem::equivalent(path, args.out, ec)) {
      return ReportError(MakeError(ErrorCode::kInvalidArgument,
                                   path + ": is the output store; name a new OUT.db"));
    }
    auto s = store::Store::Open(path);
    if (!s) return ReportError(s.error());
    inputs.push_back(s->get());
    opened.push_back(std::move(*s));
  }
  auto out = store::Store::Open(args.out);
  if (!out) return ReportError(out.error());
  auto report = store::MergeStores(**out, inputs, args.inputs);
  if (!report) return ReportError(report.error());
  std::fprintf(stderr,
               "r1-eval: merged %zu stores into %s: %d runs (%d complete, marked finished), %d "
               "samples copied, %d kept\n",
               inputs.size(), args.out.c_str(), report->runs, report->runs_finished,
               report->samples_copied, report->samples_kept);
  return ExitCode::kOk;
}

}  // namespace

void AddMergeCommand(CLI::App& app, ExitCode& exit_code) {
  auto args = std::make_shared<MergeArgs>();
  CLI::App* cmd = app.add_subcommand("merge", "join shard stores (--shard i/N) into one store");
  cmd->add_option("out", args->out, "output store (created if missing)")->required();
  cmd->add_option("inputs", args->inputs, "shard stores")->required();
  cmd->callback([args, &exit_code] { exit_code = Merge(*args); });
}

}  // namespace r1::cli
