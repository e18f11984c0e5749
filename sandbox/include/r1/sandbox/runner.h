// The sandbox-backed CodeRunner: stages Python sources, compiles C++ once per source (cached by
// SHA-256), runs every test as its own sandboxed process on a bounded worker pool, and turns
// runs into verdicts with LiveCodeBench's comparison rules (compare.h).
#pragma once

#include <cstdint>
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "r1/core/code_runner.h"
#include "r1/core/error.h"
#include "r1/sandbox/sandbox.h"
#include "r1/sandbox/worker_pool.h"

namespace r1::sandbox {
namespace internal {
class BinaryCache;
}

/// Limits for the compile step: generous for real code, finite for template, constexpr and
/// macro bombs, `#include </dev/random>` and friends.
Limits DefaultCompileLimits();

struct RunnerOptions {
  SandboxOptions sandbox;
  std::size_t workers = 0;  ///< concurrent sandboxed programs; 0: one per online CPU
  /// Compiled binaries persist here across processes (created if missing). Empty: only for the
  /// runner's lifetime, inside its workspace.
  std::filesystem::path cache_dir;
  /// Bound on cache_dir's size: the least recently used binaries go first (binary_cache.h).
  std::uintmax_t cache_max_bytes = 2ULL << 30;
  std::string python = "/usr/bin/python3";  ///< Debian's interpreter, not a pyenv/venv one
  std::string cxx = "/usr/bin/g++";
  std::vector<std::string> cxx_flags = {"-std=c++17", "-O2", "-pipe"};
  Limits compile_limits = DefaultCompileLimits();
  std::int64_t stdout_limit_bytes = 64LL << 20;  ///< per test; more is OLE
  int tasks = 64;                                ///< processes + threads per test
};

struct CompileOutcome {
  bool ok = false;
  bool cached = false;  ///< served from the in-memory or on-disk cache
  CodeVerdict verdict = CodeVerdict::kOk;  ///< kCompileError or kInternalError when !ok
  std::string detail;                      ///< "compile error", "compile time limit", ...
  std::string diagnostics;                 ///< head of the compiler's messages
  std::int64_t cpu_ms = 0;
  std::int64_t wall_ms = 0;
  std::int64_t memory_kb = 0;
  std::filesystem::path dir;  ///< when ok: a directory holding the executable "prog"
};

class SandboxRunner final : public CodeRunner {
 public:
  static Result<std::unique_ptr<SandboxRunner>> Create(RunnerOptions options = {});
  ~SandboxRunner() override;

  Result<CodeJudgement> Judge(const CodeJudgeRequest& request) override;

  /// Compiles C++ in the sandbox, or returns the cached binary. The cache key is the SHA-256 of
  /// the source, the compiler's identity (path, size, mtime) and the flags; concurrent requests
  /// for one key compile once. Compile errors are cached in memory only.
  CompileOutcome CompileCpp(const std::string& source);

  Sandbox& sandbox() { return *sandbox_; }
  WorkerPool& pool() { return *pool_; }

 private:
  explicit SandboxRunner(RunnerOptions options);

  struct Staged {
    std::filesystem::path dir;
    int refs = 0;
  };
  Result<std::filesystem::path> Stage(const std::string& name, const std::string& contents);
  void Unstage(const std::string& name);
  CompileOutcome CompileUncached(const std::string& key, const std::string& source);
  CodeTestResult RunTest(const RunSpec& base, const CodeTest& test, bool functional, std::size_t keep);

  RunnerOptions options_;
  std::unique_ptr<Sandbox> sandbox_;
  std::unique_ptr<WorkerPool> pool_;
  std::unique_ptr<internal::BinaryCache> disk_cache_;
  std::filesystem::path driver_dir_, programs_dir_, binaries_dir_;
  std::string compiler_identity_;

  std::mutex staged_mu_;
  std::map<std::string, Staged> staged_;
  std::mutex compile_mu_;
  std::map<std::string, std::shared_future<CompileOutcome>> compiles_;
};

}  // namespace r1::sandbox
