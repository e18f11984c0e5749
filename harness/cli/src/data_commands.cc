// Finding suites and their data: `r1-eval suites`, `r1-eval data fetch SUITE...`, and the
// lookup `run` uses (a built-in name, a suite file in the user suites folder, or a path to one).
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <set>

#include "cli_util.h"
#include "commands.h"
#include "r1/data/dataset_cache.h"
#include "r1/graders/check_grader.h"
#include "r1/graders/code_grader.h"
#include "r1/graders/program_grader.h"
#include "r1/sandbox/runner.h"
#include "r1/suites/livecodebench.h"
#include "r1/suites/registry.h"

namespace r1::cli {
namespace {

namespace fs = std::filesystem;

// $R1_EVAL_SUITES_DIR, else $XDG_CONFIG_HOME/r1-eval/suites, else ~/.config/r1-eval/suites.
std::string UserSuitesDir() {
  std::string dir = EnvOr("R1_EVAL_SUITES_DIR", "");
  if (!dir.empty()) return dir;
  std::string config = EnvOr("XDG_CONFIG_HOME", EnvOr("HOME", "/tmp") + "/.config");
  return config + "/r1-eval/suites";
}

bool LooksLikePath(const std::string& name) {
  return name.ends_with(".json") || name.find('/') != std::string::npos;
}

// Built-ins plus every readable suite file of the user suites folder; a file that fails to
// load or reuses a built-in name is reported in `problems` and left out.
void BuildRegistry(suites::SuiteRegistry& registry, std::vector<std::string>* problems,
                   std::set<std::string>* user_names = nullptr) {
  suites::RegisterSuites(registry);
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(UserSuitesDir(), ec)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    auto entry = suites::LoadSuiteFile(path.string());
    if (!entry) {
      if (problems) problems->push_back(entry.error().message);
      continue;
    }
    if (registry.Find(entry->name)) {
      if (problems)
        problems->push_back(path.string() + ": suite '" + entry->name + "' is already defined");
      continue;
    }
    if (user_names) user_names->insert(entry->name);
    registry.Add(std::move(*entry));
  }
}

Result<suites::SuiteEntry> FindEntry(const std::string& name) {
  if (LooksLikePath(name)) return suites::LoadSuiteFile(name);
  suites::SuiteRegistry registry;
  BuildRegistry(registry, nullptr);
  auto entry = registry.Find(name);
  if (!entry) return std::unexpected(entry.error());
  return **entry;
}

std::string Megabytes(long long bytes) { return fmt::format("{:.1f} MB", bytes / 1e6); }

// A bar on a terminal ("\r" redrawn at most 10 times a second), a line per file otherwise.
data::DownloadProgress ProgressBar() {
  struct State {
    std::string file;
    std::chrono::steady_clock::time_point last{};
    bool tty = ::isatty(STDERR_FILENO) != 0;
  };
  auto state = std::make_shared<State>();
  return [state](const std::string& file, long long now, long long total) {
    auto t = std::chrono::steady_clock::now();
    bool first = file != state->file;
    bool done = total > 0 && now >= total;
    if (!first && !done && t - state->last < std::chrono::milliseconds(100)) return;
    state->last = t;
    if (!state->tty) {
      if (first) std::fprintf(stderr, "r1-eval: downloading %s\n", file.c_str());
      state->file = file;
      return;
    }
    state->file = file;
    std::string line;
    if (total > 0) {
      constexpr int kWidth = 30;
      int filled = static_cast<int>(kWidth * static_cast<double>(now) / static_cast<double>(total));
      filled = std::clamp(filled, 0, kWidth);
      line = fmt::format("{} [{}{}] {:3.0f}% {}/{}", file, std::string(filled, '='),
                         std::string(kWidth - filled, ' '), 100.0 * now / total, Megabytes(now),
                         Megabytes(total));
    } else {
      line = fmt::format("{} {}", file, Megabytes(now));
    }
    std::fprintf(stderr, "\r\033[K%s%s", line.c_str(), done ? "\n" : "");
    std::fflush(stderr);
  };
}

data::DataOptions DataOptionsFor(const std::string& data_dir, bool allow_download) {
  data::DataOptions options;
  options.data_dir = data_dir.empty() ? EnvOr("R1_EVAL_DATA_DIR", "") : data_dir;
  options.cache_dir = DefaultCacheDir();
  options.allow_download = allow_download;
  options.hf_token = EnvOr("HF_TOKEN", "");
  options.mirror = EnvOr("R1_EVAL_DATA_MIRROR", "");
  return options;
}

// Offline errors also name the other files a suite accepts (GPQA's plain CSV).
Error WithNote(Error error, const suites::SuiteEntry& entry) {
  if (!entry.data_note.empty() && error.code != ErrorCode::kDataLoss) {
    error.message += ". " + entry.data_note;
  }
  return error;
}

struct DataArgs {
  std::vector<std::string> suites;
  std::string data_dir;
  bool verify = false;
};

ExitCode Fetch(const DataArgs& args) {
  ExitCode worst = ExitCode::kOk;
  for (const auto& name : args.suites) {
    auto entry = FindEntry(name);
    if (!entry) {
      worst = std::max(worst, ReportError(entry.error()));
      continue;
    }
    if (entry->self_contained) {
      std::printf("%s: built in, nothing to fetch\n", entry->name.c_str());
      continue;
    }
    // Fetching always fills the cache; --data-dir copies are the user's to manage.
    data::DataOptions options = DataOptionsFor("", true);
    options.data_dir.clear();
    options.reverify = args.verify;
    auto dir = data::EnsureSuiteDir(entry->name, entry->files, options, ProgressBar());
    if (!dir) {
      worst = std::max(worst, ReportError(WithNote(dir.error(), *entry)));
      continue;
    }
    auto suite = entry->make(SuiteOptions{*dir});
    if (!suite) {
      worst = std::max(worst, ReportError(suite.error()));
      continue;
    }
    std::printf("%s: %zu problems in %s\n", entry->name.c_str(), (*suite)->Problems().size(),
                dir->c_str());
  }
  return worst;
}

ExitCode ListSuites(const DataArgs& args) {
  suites::SuiteRegistry registry;
  std::vector<std::string> problems;
  std::set<std::string> user_names;
  BuildRegistry(registry, &problems, &user_names);
  std::string text =
      fmt::format("{:<16} {:>8}  {:<10} {}\n", "suite", "problems", "data", "source");
  for (const suites::SuiteEntry* entry : registry.List()) {
    std::string status, count = entry->problems > 0 ? std::to_string(entry->problems) : "?";
    std::string dir;
    if (entry->self_contained) {
      status = user_names.contains(entry->name) ? "suite file" : "built in";
    } else {
      auto options = DataOptionsFor(args.data_dir, false);
      auto found = data::EnsureSuiteDir(entry->name, entry->files, options, {});
      status = !found ? "not cached" : options.data_dir.empty() ? "cached" : "data-dir";
      if (found) dir = *found;
    }
    if (entry->self_contained || !dir.empty()) {
      auto suite = entry->make(SuiteOptions{dir});
      if (suite) {
        count = std::to_string((*suite)->Problems().size());
      } else {
        status = "unreadable";
      }
    }
    text +=
        fmt::format("{:<16} {:>8}  {:<10} {}\n", entry->name, count, status, entry->description);
  }
  std::cout << text << std::flush;
  for (const auto& p : problems) std::fprintf(stderr, "r1-eval: warning: %s\n", p.c_str());
  return ExitCode::kOk;
}

// Starts the sandbox on the first program to judge, so suites that never reach code (or a
// machine without the sandbox's privileges, until then) pay nothing.
class LazySandboxRunner final : public CodeRunner {
 public:
  Result<CodeJudgement> Judge(const CodeJudgeRequest& request) override {
    std::call_once(once_, [this] {
      auto runner = sandbox::SandboxRunner::Create();
      if (runner) {
        runner_ = std::move(*runner);
      } else {
        error_ = std::move(runner.error());
      }
    });
    if (!runner_) return std::unexpected(error_);
    return runner_->Judge(request);
  }

 private:
  std::once_flag once_;
  std::unique_ptr<sandbox::SandboxRunner> runner_;
  Error error_;
};

}  // namespace

void RegisterSandboxGraders(graders::GraderRegistry& registry) {
  auto runner = std::make_shared<LazySandboxRunner>();
  registry.Add(
      "code", "the program in the response passes stdin/stdout tests (sandboxed)",
      [runner]() -> Result<std::unique_ptr<Grader>> { return graders::MakeCodeGrader(runner); });
  registry.Add(
      "check", "programmatic checks named per problem (r1-demos, user suites)",
      [runner]() -> Result<std::unique_ptr<Grader>> { return graders::MakeCheckGrader(runner); });
  // LiveCodeBench and Codeforces read the tests their suites wrote under the cache.
  graders::RegisterProgramGraders(registry, runner, suites::CodeTestsDir(DefaultCacheDir()));
}

std::vector<std::string> DeclaredBreakdowns(const std::string& suite) {
  const std::string base = LooksLikePath(suite) ? suite : suite.substr(0, suite.find('@'));
  auto entry = FindEntry(base);
  return entry ? entry->breakdowns : std::vector<std::string>{};
}

std::vector<std::string> BreakdownsOf(const store::RunRecord& run) {
  return run.breakdowns ? *run.breakdowns : DeclaredBreakdowns(run.suite);
}

Result<std::unique_ptr<Suite>> LoadSuite(const std::string& name, const std::string& data_dir,
                                         SuiteOptions options) {
  // "livecodebench@release_v5": the part after '@' selects a variant of a built-in suite.
  std::string base = name;
  if (const auto at = name.find('@'); at != std::string::npos && !LooksLikePath(name)) {
    base = name.substr(0, at);
    options.variant = name.substr(at + 1);
  }
  auto entry = FindEntry(base);
  if (!entry) return std::unexpected(entry.error());
  if (!options.variant.empty() && entry->variants.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "suite '" + base + "' has no variants ('" + name + "')");
  }
  if (options.cache_dir.empty()) options.cache_dir = DefaultCacheDir();
  if (entry->self_contained) return entry->make(options);
  auto dir = data::EnsureSuiteDir(entry->name, entry->files, DataOptionsFor(data_dir, true),
                                  ProgressBar());
  if (!dir) return std::unexpected(WithNote(dir.error(), *entry));
  options.data_dir = *dir;
  return entry->make(options);
}

void AddDataCommands(CLI::App& app, ExitCode& exit_code) {
  auto fetch = std::make_shared<DataArgs>();
  CLI::App* data = app.add_subcommand("data", "benchmark data: fetch into the cache");
  data->require_subcommand(1);
  CLI::App* cmd = data->add_subcommand(
      "fetch", "download suites' pinned files into $XDG_CACHE_HOME/r1-eval and verify them");
  cmd->add_option("suites", fetch->suites, "suite names or suite files")->required();
  cmd->add_flag("--verify", fetch->verify, "re-hash cached files; refetch any that changed");
  cmd->callback([fetch, &exit_code] { exit_code = Fetch(*fetch); });

  auto list = std::make_shared<DataArgs>();
  cmd = app.add_subcommand("suites", "list suites: problems, where their data is, source");
  cmd->add_option("--data-dir", list->data_dir,
                  "offline data: DIR/<suite>/ (env R1_EVAL_DATA_DIR)");
  cmd->callback([list, &exit_code] { exit_code = ListSuites(*list); });
}

}  // namespace r1::cli
