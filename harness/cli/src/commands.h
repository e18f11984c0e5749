// Each sub-command lives in its own file and registers itself on the CLI11 app here.
// A command's callback stores its outcome in `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "r1/core/exit_code.h"
#include "r1/core/suite.h"
#include "r1/graders/registry.h"
#include "r1/store/store.h"

namespace r1::cli {

void AddRunCommand(CLI::App& app, ExitCode& exit_code);
void AddReportCommands(CLI::App& app, ExitCode& exit_code);  // report, export, runs, regrade
void AddCompareCommand(CLI::App& app, ExitCode& exit_code);
void AddGateCommand(CLI::App& app, ExitCode& exit_code);
void AddDataCommands(CLI::App& app, ExitCode& exit_code);    // data fetch, suites

/// A suite by registered name ("NAME@VARIANT" for suites with variants, e.g.
/// livecodebench@release_v5) or suite-file path, its data found or fetched (data_commands.cc).
/// `options` carries the run's --since/--until; data_dir, variant and cache_dir are filled in.
Result<std::unique_ptr<Suite>> LoadSuite(const std::string& name, const std::string& data_dir,
                                         SuiteOptions options = {});

/// Re-registers "code" and "check" so programs are judged in the sandbox, started on first use.
void RegisterSandboxGraders(graders::GraderRegistry& registry);

/// The problem attributes a suite (a name as --suite takes it, or a suite file's path)
/// declares for breakdowns; none for names no suite has.
std::vector<std::string> DeclaredBreakdowns(const std::string& suite);
/// A run's breakdown attributes: those stored with it, else its built-in suite's (older runs).
std::vector<std::string> BreakdownsOf(const store::RunRecord& run);
void AddMergeCommand(CLI::App& app, ExitCode& exit_code);
void AddImportCommand(CLI::App& app, ExitCode& exit_code);

/// `r1-eval codeforces fetch|rating` (codeforces_command.cc).
void AddCodeforcesCommand(CLI::App& app, ExitCode& exit_code);
/// Where `codeforces fetch` caches contest files by default.
std::string CodeforcesDataDir();
/// The rating block printed for a codeforces run (both methods); contest files from `dir`
/// (empty: CodeforcesDataDir()).
Result<std::string> CodeforcesRatingReport(store::Store& store, const store::RunRecord& run,
                                           const std::string& dir);

}  // namespace r1::cli
