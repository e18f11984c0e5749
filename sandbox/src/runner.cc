// Judging programs against tests in the sandbox.
#include "r1/sandbox/runner.h"

#include "binary_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>

#include <fmt/format.h>

#include "python_driver.h"
#include "r1/core/sha256.h"
#include "r1/sandbox/compare.h"

namespace r1::sandbox {
namespace {

namespace fs = std::filesystem;

Status WriteFile(const fs::path& path, std::string_view contents, mode_t mode) {
  // Write under a temporary name and rename, so a concurrent reader never sees half a file.
  const fs::path tmp = path.string() + fmt::format(".tmp{}", gettid());
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0) return Fail(ErrorCode::kInternal, fmt::format("cannot write {}: {}", tmp.string(), strerror(errno)));
  std::size_t done = 0;
  while (done < contents.size()) {
    ssize_t n = write(fd, contents.data() + done, contents.size() - done);
    if (n <= 0) {
      close(fd);
      unlink(tmp.c_str());
      return Fail(ErrorCode::kInternal, fmt::format("cannot write {}", tmp.string()));
    }
    done += static_cast<std::size_t>(n);
  }
  fchmod(fd, mode);  // exact mode, whatever the umask
  close(fd);
  if (rename(tmp.c_str(), path.c_str()) != 0) {
    unlink(tmp.c_str());
    return Fail(ErrorCode::kInternal, fmt::format("cannot rename to {}: {}", path.string(), strerror(errno)));
  }
  return {};
}

Status MakeDir(const fs::path& dir, mode_t mode) {
  if (mkdir(dir.c_str(), mode) != 0 && errno != EEXIST) {
    return Fail(ErrorCode::kInternal, fmt::format("cannot create {}: {}", dir.string(), strerror(errno)));
  }
  chmod(dir.c_str(), mode);
  return {};
}

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string Head(const std::string& s, std::size_t keep) { return s.size() <= keep ? s : s.substr(0, keep); }

bool IsElf(const std::string& bytes) { return bytes.size() > 4 && bytes.compare(0, 4, "\x7f" "ELF") == 0; }

}  // namespace

Limits DefaultCompileLimits() {
  Limits l;
  l.cpu = std::chrono::seconds(10);
  l.wall = std::chrono::seconds(20);
  l.memory_bytes = 1LL << 30;
  l.tasks = 64;
  l.stdout_bytes = 64LL << 20;  // the binary comes back on stdout
  l.stderr_bytes = 8LL << 20;
  l.stderr_keep_bytes = 64LL << 10;
  l.box_bytes = 256LL << 20;
  l.tmp_bytes = 256LL << 20;
  return l;
}

SandboxRunner::SandboxRunner(RunnerOptions options) : options_(std::move(options)) {}

SandboxRunner::~SandboxRunner() {
  pool_.reset();  // no task may outlive the sandbox it runs in
}

Result<std::unique_ptr<SandboxRunner>> SandboxRunner::Create(RunnerOptions options) {
  if (access(options.python.c_str(), X_OK) != 0) {
    return Fail(ErrorCode::kUnavailable, fmt::format("sandbox: {} not found (apt-get install python3)", options.python));
  }
  std::unique_ptr<SandboxRunner> runner(new SandboxRunner(std::move(options)));
  auto sandbox = Sandbox::Create(runner->options_.sandbox);
  if (!sandbox) return std::unexpected(sandbox.error());
  runner->sandbox_ = std::move(*sandbox);
  const fs::path ws = runner->sandbox_->workspace();
  runner->driver_dir_ = ws / "driver";
  runner->programs_dir_ = ws / "programs";
  runner->binaries_dir_ = ws / "bin";
  for (const fs::path& dir : {runner->driver_dir_, runner->programs_dir_, runner->binaries_dir_}) {
    if (auto made = MakeDir(dir, 0711); !made) return std::unexpected(made.error());
  }
  chmod(runner->driver_dir_.c_str(), 0755);
  if (auto w = WriteFile(runner->driver_dir_ / "driver.py", internal::PythonDriverSource(), 0644); !w) {
    return std::unexpected(w.error());
  }
  if (!runner->options_.cache_dir.empty()) {
    std::error_code ec;
    fs::create_directories(runner->options_.cache_dir, ec);
    if (ec) return Fail(ErrorCode::kInvalidArgument, fmt::format("cache dir {}: {}", runner->options_.cache_dir.string(), ec.message()));
  }
  runner->disk_cache_ = std::make_unique<internal::BinaryCache>(runner->options_.cache_dir,
                                                                runner->options_.cache_max_bytes);
  struct stat st {};
  std::string flags;
  for (const std::string& f : runner->options_.cxx_flags) flags += f + '\x1f';
  if (stat(runner->options_.cxx.c_str(), &st) == 0) {
    runner->compiler_identity_ =
        fmt::format("{}\x1f{}\x1f{}\x1f{}", runner->options_.cxx, st.st_size, st.st_mtim.tv_sec, flags);
  }
  runner->pool_ = std::make_unique<WorkerPool>(runner->options_.workers);
  return runner;
}

Result<fs::path> SandboxRunner::Stage(const std::string& name, const std::string& contents) {
  const std::string key = Sha256Hex(name + '\0' + contents);
  std::lock_guard lock(staged_mu_);
  Staged& staged = staged_[key];
  if (staged.refs++ > 0) return staged.dir;
  staged.dir = programs_dir_ / key;
  Status made = MakeDir(staged.dir, 0755);
  if (made) made = WriteFile(staged.dir / name, contents, 0644);
  if (!made) {
    staged_.erase(key);
    return std::unexpected(made.error());
  }
  return staged.dir;
}

void SandboxRunner::Unstage(const std::string& key_dir) {
  std::lock_guard lock(staged_mu_);
  const std::string key = fs::path(key_dir).filename().string();
  auto it = staged_.find(key);
  if (it == staged_.end() || --it->second.refs > 0) return;
  std::error_code ec;
  fs::remove_all(it->second.dir, ec);
  staged_.erase(it);
}

CompileOutcome SandboxRunner::CompileCpp(const std::string& source) {
  const std::string key = Sha256Hex("r1-cpp-1\x1f" + compiler_identity_ + '\0' + source);
  std::shared_future<CompileOutcome> future;
  std::promise<CompileOutcome> promise;
  bool mine = false;
  {
    std::lock_guard lock(compile_mu_);
    auto it = compiles_.find(key);
    if (it != compiles_.end()) {
      future = it->second;
    } else {
      future = promise.get_future().share();
      compiles_.emplace(key, future);
      mine = true;
    }
  }
  if (!mine) {
    CompileOutcome outcome = future.get();
    outcome.cached = true;
    return outcome;
  }
  CompileOutcome outcome = CompileUncached(key, source);
  if (outcome.verdict == CodeVerdict::kInternalError) {
    // Do not remember our own failures; the next request tries again.
    std::lock_guard lock(compile_mu_);
    compiles_.erase(key);
  }
  promise.set_value(outcome);
  return outcome;
}

CompileOutcome SandboxRunner::CompileUncached(const std::string& key, const std::string& source) {
  CompileOutcome outcome;
  const fs::path bin_dir = binaries_dir_ / key;
  auto install = [&](const std::string& binary) -> Status {
    if (auto made = MakeDir(bin_dir, 0755); !made) return made;
    return WriteFile(bin_dir / "prog", binary, 0755);
  };
  auto internal_error = [&](const Error& error) {
    outcome.ok = false;
    outcome.verdict = CodeVerdict::kInternalError;
    outcome.detail = error.message;
    return outcome;
  };

  if (auto binary = disk_cache_->Get(key); binary && IsElf(*binary)) {
    if (auto s = install(*binary); !s) return internal_error(s.error());
    outcome.ok = true;
    outcome.cached = true;
    outcome.dir = bin_dir;
    return outcome;
  }
  if (access(options_.cxx.c_str(), X_OK) != 0) {
    return internal_error(MakeError(ErrorCode::kUnavailable, options_.cxx + " not found (apt-get install g++)"));
  }

  auto src = Stage("main.cpp", source);
  if (!src) return internal_error(src.error());
  std::string command = ShellQuote(options_.cxx);
  for (const std::string& flag : options_.cxx_flags) command += " " + ShellQuote(flag);
  // The compiler's messages go to stderr; the binary comes back on stdout, so nothing the
  // compile step writes lands on a host filesystem.
  command += " -o /box/prog /src/main.cpp 1>&2 && exec cat /box/prog";
  RunSpec spec;
  spec.argv = {"/bin/sh", "-c", command};
  spec.mounts = {{src->string(), "/src", false}};
  spec.limits = options_.compile_limits;
  auto run = sandbox_->Run(spec);
  if (!run) run = sandbox_->Run(spec);  // one retry for transient setup failures
  Unstage(src->string());
  if (!run) return internal_error(run.error());

  outcome.cpu_ms = run->cpu_ms;
  outcome.wall_ms = run->wall_ms;
  outcome.memory_kb = run->memory_kb;
  outcome.diagnostics = run->stderr_data;
  std::string why;
  const CodeVerdict verdict = ClassifyRun(*run, spec.limits, &why);
  if (verdict != CodeVerdict::kOk || !IsElf(run->stdout_data)) {
    outcome.verdict = CodeVerdict::kCompileError;
    switch (verdict) {
      case CodeVerdict::kTimeLimit: outcome.detail = "compile time limit: " + why; break;
      case CodeVerdict::kMemoryLimit: outcome.detail = "compile memory limit: " + why; break;
      case CodeVerdict::kOutputLimit: outcome.detail = "compile output limit: " + why; break;
      case CodeVerdict::kOk: outcome.detail = "the compiler produced no executable"; break;
      default: outcome.detail = "compile error"; break;
    }
    return outcome;
  }
  if (auto s = install(run->stdout_data); !s) return internal_error(s.error());
  disk_cache_->Put(key, run->stdout_data);
  outcome.ok = true;
  outcome.dir = bin_dir;
  return outcome;
}

CodeTestResult SandboxRunner::RunTest(const RunSpec& base, const CodeTest& test, bool functional, std::size_t keep) {
  RunSpec spec = base;
  spec.stdin_data = test.input;
  CodeTestResult t;
  t.ran = true;
  auto run = sandbox_->Run(spec);
  if (!run) run = sandbox_->Run(spec);  // IE is never the program's fault: retry once
  if (!run) {
    t.verdict = CodeVerdict::kInternalError;
    t.detail = run.error().message;
    return t;
  }
  t.cpu_ms = run->cpu_ms;
  t.wall_ms = run->wall_ms;
  t.memory_kb = run->memory_kb;
  t.exit_code = run->exited ? run->exit_code : -1;
  t.signal = run->signal;
  t.error = Head(run->stderr_data, keep);
  t.error_truncated = run->stderr_total > static_cast<std::int64_t>(t.error.size());
  t.output = Head(run->stdout_data, keep);
  t.output_truncated = run->stdout_total > static_cast<std::int64_t>(t.output.size());
  t.verdict = ClassifyRun(*run, spec.limits, &t.detail);
  if (t.verdict != CodeVerdict::kOk) return t;

  if (functional) {
    const std::string_view out = run->stdout_data;
    const std::size_t mark = out.rfind(internal::kResultMarker);
    if (mark == std::string_view::npos) {
      t.verdict = CodeVerdict::kRuntimeError;
      t.detail = "the call returned no result";
      return t;
    }
    std::string_view line = out.substr(mark + internal::kResultMarker.size());
    line = line.substr(0, line.find('\n'));
    const std::string value(line.size() >= 2 ? line.substr(2) : std::string_view());
    t.output = Head(value, keep);
    t.output_truncated = value.size() > t.output.size();
    if (line.rfind("u ", 0) == 0) {
      t.verdict = CodeVerdict::kWrongAnswer;
      t.detail = "returned a " + value + ", which equals no JSON value";
      return t;
    }
    if (!test.expected) return t;
    auto equal = LcbJsonEqual(value, *test.expected);
    if (!equal) {
      // Unparseable program output is its own fault; an unparseable expectation is ours.
      const bool ours = equal.error().message.rfind("expected", 0) == 0;
      t.verdict = ours ? CodeVerdict::kInternalError : CodeVerdict::kWrongAnswer;
      t.detail = equal.error().message;
      return t;
    }
    if (!*equal) {
      t.verdict = CodeVerdict::kWrongAnswer;
      t.detail = fmt::format("returned {}, expected {}", Head(value, 200), Head(*test.expected, 200));
    }
    return t;
  }
  if (test.expected && !LcbStdoutMatches(run->stdout_data, *test.expected, &t.detail)) {
    t.verdict = CodeVerdict::kWrongAnswer;
  }
  return t;
}

Result<CodeJudgement> SandboxRunner::Judge(const CodeJudgeRequest& request) {
  const CodeProgram& program = request.program;
  const CodeLimits& limits = request.limits;
  const bool functional = !program.function_name.empty();
  if (request.tests.empty()) return Fail(ErrorCode::kInvalidArgument, "no tests to judge the program on");
  if (functional && program.language != CodeLanguage::kPython) {
    return Fail(ErrorCode::kInvalidArgument, "functional tests are supported for Python only");
  }
  if (!(limits.time_limit_s > 0) || limits.memory_limit_mb <= 0 || limits.wall_limit_s < 0) {
    return Fail(ErrorCode::kInvalidArgument, "time and memory limits must be positive");
  }
  for (char c : program.function_name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') {
      return Fail(ErrorCode::kInvalidArgument, "bad function name: " + program.function_name);
    }
  }

  CodeJudgement judgement;
  judgement.tests.resize(request.tests.size());
  RunSpec base;
  base.limits.cpu = std::chrono::milliseconds(static_cast<std::int64_t>(limits.time_limit_s * 1000));
  base.limits.wall = std::chrono::milliseconds(static_cast<std::int64_t>(limits.wall_limit_s * 1000));
  base.limits.memory_bytes = limits.memory_limit_mb << 20;
  base.limits.tasks = options_.tasks;
  base.limits.stdout_bytes = options_.stdout_limit_bytes;
  std::string staged;

  if (program.language == CodeLanguage::kCpp) {
    CompileOutcome compiled = CompileCpp(program.source);
    judgement.compile_cached = compiled.cached;
    judgement.compile_output = Head(compiled.diagnostics, std::max<std::size_t>(limits.keep_output_bytes, 4096));
    if (!compiled.ok) {
      judgement.verdict = compiled.verdict;
      for (CodeTestResult& t : judgement.tests) {
        t.verdict = compiled.verdict;
        t.detail = compiled.detail;
      }
      return judgement;
    }
    base.argv = {"/src/prog"};
    base.mounts = {{compiled.dir.string(), "/src", false}};
  } else {
    auto dir = Stage("main.py", program.source);
    if (!dir) return std::unexpected(dir.error());
    staged = dir->string();
    base.mounts = {{staged, "/src", false}, {driver_dir_.string(), "/r1", false}};
    base.env = {"PYTHONHASHSEED=0", "PYTHONDONTWRITEBYTECODE=1"};
    const bool lcb = program.hosting == CodeHosting::kLiveCodeBench;
    if (functional) {
      base.argv = {options_.python, "-B", "/r1/driver.py", lcb ? "call-lcb" : "call", program.function_name};
    } else if (lcb) {
      base.argv = {options_.python, "-B", "/r1/driver.py", "stdio-lcb"};
    } else {
      base.argv = {options_.python, "-B", "/src/main.py"};
    }
  }

  // Tests run in parallel in submission order. With stop_at_first_failure, tests after a known
  // failure are skipped, and afterwards everything after the first failure in order is reported
  // as not run, so the judgement does not depend on the schedule.
  const std::size_t n = request.tests.size();
  std::atomic<std::size_t> first_failure{std::numeric_limits<std::size_t>::max()};
  TaskGroup group(n);
  for (std::size_t i = 0; i < n; ++i) {
    pool_->Submit([&, i] {
      if (!request.stop_at_first_failure || i < first_failure.load()) {
        judgement.tests[i] = RunTest(base, request.tests[i], functional, limits.keep_output_bytes);
        if (judgement.tests[i].verdict != CodeVerdict::kOk) {
          std::size_t seen = first_failure.load();
          while (i < seen && !first_failure.compare_exchange_weak(seen, i)) {
          }
        }
      }
      group.Done();
    });
  }
  group.Wait();
  if (!staged.empty()) Unstage(staged);

  judgement.verdict = CodeVerdict::kOk;
  bool failed = false;
  for (CodeTestResult& t : judgement.tests) {
    if (failed && request.stop_at_first_failure) {
      t = CodeTestResult{};
      t.detail = "not run: an earlier test failed";
      continue;
    }
    if (!t.ran) continue;
    if (t.verdict == CodeVerdict::kOk) {
      ++judgement.passed;
    } else if (!failed) {
      failed = true;
      judgement.verdict = t.verdict;
    }
  }
  return judgement;
}

}  // namespace r1::sandbox
