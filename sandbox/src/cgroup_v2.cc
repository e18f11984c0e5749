// cgroup v2 runs: one cgroup per run under the sandbox's subtree (placed by
// cgroup_v2_delegated.cc or cgroup_v2_root.cc), with memory.max, memory.swap.max, pids.max and
// memory.oom.group; CPU from cpu.stat; peak memory from memory.peak, or, on kernels before 5.19
// that have none, from memory.current sampled every watchdog tick.
#include <fcntl.h>
#include <fmt/format.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string_view>

#include "cgroup_modes.h"

namespace r1::sandbox::internal {
namespace {

// R1_SANDBOX_IGNORE_MEMORY_PEAK=1 takes the pre-5.19 path on a kernel that has memory.peak, so
// that path is checked for real (scripts/cgroup_v2_vm_guest.sh; no such kernel is packaged here).
bool UseMemoryPeak(const std::string& dir) {
  static const bool ignore = [] {
    const char* value = std::getenv("R1_SANDBOX_IGNORE_MEMORY_PEAK");
    return value != nullptr && std::string_view(value) == "1";
  }();
  return !ignore && Exists(dir + "/memory.peak");
}

class V2Run final : public RunLimiter {
 public:
  explicit V2Run(std::string dir) : dir_(std::move(dir)) {
    cpu_fd_ = open((dir_ + "/cpu.stat").c_str(), O_RDONLY | O_CLOEXEC);
    use_peak_ = UseMemoryPeak(dir_);
    if (!use_peak_) current_fd_ = open((dir_ + "/memory.current").c_str(), O_RDONLY | O_CLOEXEC);
  }
  ~V2Run() override {
    if (!removed_) (void)Remove();
  }
  bool has_cpu_counter() const { return cpu_fd_ >= 0; }

  Status Attach(pid_t init_pid) override {
    return WriteSmallFile(dir_ + "/cgroup.procs", std::to_string(init_pid));
  }
  std::int64_t CpuNanos() override { return KeyedValue(ReadOpen(cpu_fd_), "usage_usec") * 1000; }
  bool Tick() override {
    // Without memory.peak the largest memory.current seen stands in (read after the run, it
    // would be about zero).
    if (current_fd_ >= 0) sampled_peak_ = std::max(sampled_peak_, ParseInt(ReadOpen(current_fd_)));
    return false;  // the kernel enforces the limit (OOM kill)
  }
  RunFigures Finish(const ProgramStatus& status, Status* removed) override {
    RunFigures figures;
    figures.cpu_ns = CpuNanos();
    if (use_peak_) {
      if (auto peak = ReadSmallFile(dir_ + "/memory.peak")) figures.peak_bytes = ParseInt(*peak);
    }
    if (auto events = ReadSmallFile(dir_ + "/memory.events"))
      figures.oom_kills = KeyedValue(*events, "oom_kill");
    if (auto events = ReadSmallFile(dir_ + "/pids.events"))
      figures.tasks_limit_hits = KeyedValue(*events, "max");
    // The largest single process is a lower bound on the group's peak: it counts where the
    // kernel keeps no peak and the run was shorter than one watchdog tick.
    figures.peak_bytes =
        std::max({figures.peak_bytes, sampled_peak_, status.children_maxrss_kb * 1024});
    *removed = Remove();
    return figures;
  }

  Status Remove() {
    removed_ = true;
    for (int* fd : {&cpu_fd_, &current_fd_}) {
      if (*fd >= 0) close(*fd);
      *fd = -1;
    }
    if (Exists(dir_ + "/cgroup.kill")) (void)WriteSmallFile(dir_ + "/cgroup.kill", "1");
    const bool empty = KillUntilEmpty(dir_, std::chrono::seconds(2));
    Status status = RemoveDir(dir_);
    if (!empty && status)
      status = Fail(ErrorCode::kInternal, "sandbox processes survived SIGKILL in " + dir_);
    return status;
  }

 private:
  std::string dir_;
  int cpu_fd_ = -1;      // cpu.stat, kept open: read every watchdog tick
  int current_fd_ = -1;  // memory.current where there is no memory.peak
  bool use_peak_ = false;
  std::int64_t sampled_peak_ = 0;
  bool removed_ = false;
};

class V2Isolation final : public CgroupIsolationBase {
 public:
  explicit V2Isolation(std::unique_ptr<V2Subtree> subtree) : subtree_(std::move(subtree)) {}

  Result<std::unique_ptr<RunLimiter>> CreateRun(const Limits& limits) override {
    const std::string dir = fmt::format("{}/run-{}", subtree_->parent(), next_run_.fetch_add(1));
    if (mkdir(dir.c_str(), 0755) != 0) {
      return Fail(ErrorCode::kInternal,
                  fmt::format("cannot create cgroup {}: {}", dir, strerror(errno)));
    }
    auto run = std::make_unique<V2Run>(dir);  // from here on, ~V2Run removes the directory
    Status status = WriteSmallFile(dir + "/memory.max", std::to_string(limits.memory_bytes));
    if (status && Exists(dir + "/memory.swap.max"))
      status = WriteSmallFile(dir + "/memory.swap.max", "0");
    // One OOM kill takes the whole sandbox down instead of leaving a half-dead program.
    if (status && Exists(dir + "/memory.oom.group"))
      status = WriteSmallFile(dir + "/memory.oom.group", "1");
    if (status) status = WriteSmallFile(dir + "/pids.max", std::to_string(limits.tasks));
    if (status && !run->has_cpu_counter()) {
      status = Fail(ErrorCode::kInternal,
                    std::string("cannot open the cgroup CPU counter: ") + strerror(errno));
    }
    if (!status) return std::unexpected(status.error());
    return run;
  }
  std::string Describe() const override {
    return "cgroup v2 (" + subtree_->parent() + "; " + subtree_->how() + ")";
  }
  std::vector<std::string> CgroupParents() const override { return {subtree_->parent()}; }

 private:
  std::unique_ptr<V2Subtree> subtree_;
  std::atomic<std::uint64_t> next_run_{0};
};

}  // namespace

bool OffersMemoryAndPids(const std::string& dir) {
  auto controllers = ReadSmallFile(dir + "/cgroup.controllers");
  if (!controllers) return false;
  std::vector<std::string> available;
  std::string word;
  for (char c : *controllers + " ") {
    if (c == ' ' || c == '\n') {
      if (!word.empty()) available.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  return Contains(available, "memory") && Contains(available, "pids");
}

Result<std::string> MakeV2Parent(const std::string& base, int instance) {
  auto parent = MakeParent(base, instance);
  if (!parent) return parent;
  if (auto enabled = WriteSmallFile(*parent + "/cgroup.subtree_control", "+memory +pids");
      !enabled) {
    (void)RemoveDir(*parent);
    return std::unexpected(enabled.error());
  }
  return parent;
}

std::unique_ptr<Isolation> MakeCgroupV2Isolation(std::unique_ptr<V2Subtree> subtree) {
  return std::make_unique<V2Isolation>(std::move(subtree));
}

}  // namespace r1::sandbox::internal
