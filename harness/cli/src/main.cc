// r1-eval's entry point: builds the command table and runs one command. Everything else lives
// in the modules; this file only wires them.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <algorithm>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "commands.h"
#include "equiv_command.h"
#include "sandbox_command.h"

namespace {

// `r1-eval --suite X --model Y` means `r1-eval run --suite X --model Y`.
std::vector<std::string> WithDefaultVerb(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0].starts_with("-") && args[0] != "-h" && args[0] != "--help" &&
      args[0] != "--version") {
    args.insert(args.begin(), "run");
  }
  std::reverse(args.begin(), args.end());  // CLI11 parses a reversed vector
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  r1::ExitCode exit_code = r1::ExitCode::kOk;
  try {
    CLI::App app{"r1-eval: DeepSeek-R1-style reasoning evaluations, reproducibly"};
    app.name("r1-eval");
    app.set_version_flag("--version", "r1-eval 0.1.0");
    app.require_subcommand(1);
    r1::cli::AddRunCommand(app, exit_code);
    r1::cli::AddReportCommands(app, exit_code);
    r1::cli::AddDataCommands(app, exit_code);
    r1::cli::AddCompareCommand(app, exit_code);
    r1::cli::AddGateCommand(app, exit_code);
    r1::cli::AddMergeCommand(app, exit_code);
    r1::cli::AddImportCommand(app, exit_code);
    r1::cli::AddEquivCommand(app, exit_code);
    r1::cli::AddSandboxCommand(app, exit_code);
    r1::cli::AddCodeforcesCommand(app, exit_code);
    auto args = WithDefaultVerb(argc, argv);
    try {
      app.parse(args);
    } catch (const CLI::ParseError& e) {
      int rc = app.exit(e);
      return rc == 0 ? 0 : static_cast<int>(r1::ExitCode::kUsage);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "r1-eval: internal error: %s\n", e.what());
    return static_cast<int>(r1::ExitCode::kInfrastructure);
  }
  return static_cast<int>(exit_code);
}
