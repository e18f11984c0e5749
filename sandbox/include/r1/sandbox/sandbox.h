// Isolated execution of one untrusted program: the process-level primitive under the judge.
//
// Each Run gets new user, pid, mount, net, ipc, uts and cgroup namespaces; runs as an
// unprivileged uid inside and outside (also when the harness is root); sees only a read-only
// /usr, /proc, a few device nodes and the mounts it asks for, on a read-only root; writes only to
// size-limited tmpfs /box (work dir), /tmp and /dev/shm; has no network, a fresh environment, no
// inherited descriptors, no capabilities and a seccomp filter; is limited in memory and tasks by
// cgroups (or, without a usable cgroup, by rlimits and a /proc watchdog: IsolationMode), in CPU
// time summed over every thread and child, in wall time and in output. When Run returns every
// process of the run is gone and its cgroups removed. SECURITY.md has the details.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "r1/core/code_runner.h"
#include "r1/core/error.h"

namespace r1::sandbox {

/// A host file or directory made visible inside the sandbox.
struct Mount {
  std::string host_path;     ///< must exist and be searchable by the sandbox uid
  std::string sandbox_path;  ///< absolute, not under /usr, /proc, /dev
  bool writable = false;     ///< a writable host mount escapes the tmpfs size limits: avoid
};

struct Limits {
  std::chrono::milliseconds cpu{2000};  ///< CPU time of every thread and process together
  std::chrono::milliseconds wall{0};    ///< 0: 2 × cpu + 1 s
  std::int64_t memory_bytes = 512LL << 20;  ///< RAM + tmpfs pages written, per run (cgroup)
  int tasks = 64;                           ///< processes + threads (cgroup pids)
  std::int64_t stdout_bytes = 64LL << 20;   ///< more is OLE and the run is killed
  std::int64_t stderr_bytes = 8LL << 20;    ///< more is OLE and the run is killed
  std::int64_t stderr_keep_bytes = 64LL << 10;  ///< head of stderr kept in the result
  std::int64_t box_bytes = 64LL << 20;          ///< tmpfs /box (work dir); also RLIMIT_FSIZE
  std::int64_t tmp_bytes = 64LL << 20;          ///< tmpfs /tmp
  std::int64_t shm_bytes = 16LL << 20;          ///< tmpfs /dev/shm
  /// 0: half of memory_bytes, so deep recursion works and endless recursion is a crash (RE),
  /// not a slow climb into the memory limit.
  std::int64_t stack_bytes = 0;
  int open_files = 256;

  std::chrono::milliseconds EffectiveWall() const {
    return wall.count() > 0 ? wall : 2 * cpu + std::chrono::seconds(1);
  }
};

struct RunSpec {
  std::vector<std::string> argv;  ///< argv[0]: absolute path inside the sandbox, e.g. /usr/bin/python3
  std::vector<std::string> env;   ///< "KEY=VALUE" on top of PATH, HOME=/box, TMPDIR=/tmp, LANG=C.UTF-8
  std::vector<Mount> mounts;
  std::string stdin_data;  ///< the program sees a sealed regular file; EOF after it
  Limits limits;
};

struct RunResult {
  bool exited = false;  ///< exited normally (exit_code valid)
  int exit_code = -1;
  int signal = 0;  ///< the signal that killed the program (9 for our own limit kills)
  bool cpu_limit_hit = false;
  bool wall_limit_hit = false;
  bool output_limit_hit = false;
  std::int64_t oom_kills = 0;
  bool tasks_limit_hit = false;  ///< fork/clone failed at least once for lack of tasks
  std::int64_t cpu_ms = 0;
  std::int64_t wall_ms = 0;
  std::int64_t memory_kb = 0;  ///< peak of the run's memory cgroup
  std::string stdout_data;     ///< at most limits.stdout_bytes
  std::string stderr_data;     ///< at most limits.stderr_keep_bytes
  std::int64_t stdout_total = 0;
  std::int64_t stderr_total = 0;
};

/// Verdict of a finished run before any output comparison, by the precedence TLE > MLE > OLE > RE;
/// kOk means a clean exit whose output is still to be compared. `detail` says why.
CodeVerdict ClassifyRun(const RunResult& result, const Limits& limits, std::string* detail);

/// How this process isolates programs (chosen once, on first use; `r1-eval sandbox check` shows it).
enum class IsolationMode : std::uint8_t {
  kCgroupV1,  ///< root on a v1/hybrid host: memory, pids and cpuacct cgroups per run
  kCgroupV2,  ///< root on v2, or a user with a delegated v2 subtree: one cgroup per run
  kRlimits,   ///< no usable cgroup: rlimits, a per-run user namespace task count, /proc watchdog
};

struct IsolationInfo {
  IsolationMode mode = IsolationMode::kCgroupV1;
  std::string name;        ///< "cgroup v1", "cgroup v2", "no cgroup"
  std::string why;         ///< why this mode (what the host offered, what failed)
  std::string guarantees;  ///< what it bounds and measures, and what it does not
};

/// The isolation mode for this process: a cgroup mode when one works here, else (not root) the
/// rlimit mode. Decided on the first call, then fixed. R1_SANDBOX_MODE=cgroup|rlimits forces one
/// (for tests and benchmarks). Fails (kUnavailable) only when root finds no usable cgroup.
Result<IsolationInfo> ChooseIsolation();

/// When unprivileged user namespaces are blocked on this host, what blocks them and the one-line
/// fix; empty otherwise (or when running as root, which does not need them unprivileged).
std::string UserNamespaceBlocker();

struct SandboxOptions {
  /// Host uid/gid the program runs as when the harness is root (also its uid inside). Without
  /// root the harness's own uid is the only one available.
  uid_t uid = 65534;
  gid_t gid = 65534;
  /// Where the workspace (sources, compiled binaries) lives; empty: the system temp directory.
  std::filesystem::path temp_parent;
};

class Sandbox {
 public:
  /// Checks the kernel features, finds the cgroup hierarchies, compiles the seccomp filter and
  /// makes a private workspace. kUnavailable: this host cannot sandbox (the message says why).
  static Result<std::unique_ptr<Sandbox>> Create(const SandboxOptions& options = {});
  /// Removes the workspace and the cgroup parents. Runs must have returned.
  ~Sandbox();

  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  /// Runs one program to completion. Thread-safe. An error is an infrastructure failure (IE): the
  /// sandbox could not be set up or torn down; whatever the program did is in the RunResult.
  Result<RunResult> Run(const RunSpec& spec);

  /// A private directory for staging files to mount (readable by the sandbox uid, writable only
  /// by the harness); removed with the Sandbox.
  const std::filesystem::path& workspace() const { return workspace_; }
  uid_t uid() const { return uid_; }
  /// "cgroup v1 (...)", "cgroup v2 (...)" or "no cgroup (...)"; for diagnostics.
  std::string Describe() const;
  const IsolationInfo& isolation() const;
  /// Host cgroup directories this sandbox owns (for leak checks in tests).
  std::vector<std::string> CgroupParents() const;

 private:
  struct Impl;
  explicit Sandbox(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
  std::filesystem::path workspace_;
  uid_t uid_ = 0;
};

}  // namespace r1::sandbox
