// Root on cgroup v1 or hybrid hosts (this machine and CI): one hierarchy each for memory, pids
// and cpuacct (possibly co-mounted), a parent "r1-sandbox.<pid>.<n>" under this process's cgroup
// in each, and a run cgroup per run in all three.
#include <fcntl.h>
#include <fmt/format.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>

#include "cgroup_fs.h"
#include "cgroup_modes.h"

namespace r1::sandbox::internal {
namespace {

enum { kMemory, kPids, kCpu };

class V1Run final : public RunLimiter {
 public:
  V1Run(std::vector<std::string> dirs, int cpu_fd) : dirs_(std::move(dirs)), cpu_fd_(cpu_fd) {}
  ~V1Run() override {
    if (!removed_) (void)Remove();
  }
  Status Attach(pid_t init_pid) override {
    for (const std::string& dir : dirs_) {
      if (auto written = WriteSmallFile(dir + "/cgroup.procs", std::to_string(init_pid)); !written)
        return written;
    }
    return {};
  }
  std::int64_t CpuNanos() override { return ParseInt(ReadOpen(cpu_fd_)); }
  bool Tick() override {
    return false;
  }  // the kernel enforces the limit; max_usage_in_bytes is exact
  RunFigures Finish(const ProgramStatus& status, Status* removed) override {
    RunFigures figures;
    figures.cpu_ns = CpuNanos();
    if (auto peak = ReadSmallFile(dirs_[kMemory] + "/memory.max_usage_in_bytes"))
      figures.peak_bytes = ParseInt(*peak);
    if (auto oom = ReadSmallFile(dirs_[kMemory] + "/memory.oom_control"))
      figures.oom_kills = KeyedValue(*oom, "oom_kill");
    if (auto events = ReadSmallFile(dirs_[kPids] + "/pids.events"))
      figures.tasks_limit_hits = KeyedValue(*events, "max");
    figures.peak_bytes = std::max(figures.peak_bytes, status.children_maxrss_kb * 1024);
    *removed = Remove();
    return figures;
  }

  Status Remove() {
    removed_ = true;
    if (cpu_fd_ >= 0) close(cpu_fd_);
    cpu_fd_ = -1;
    bool empty = true;
    for (const std::string& dir : dirs_)
      empty = KillUntilEmpty(dir, std::chrono::seconds(2)) && empty;
    Status status;
    for (const std::string& dir : dirs_) {
      if (auto gone = RemoveDir(dir); !gone && status) status = gone;
    }
    if (!empty && status)
      status =
          Fail(ErrorCode::kInternal, "sandbox processes survived SIGKILL in " + dirs_[kMemory]);
    return status;
  }

 private:
  std::vector<std::string> dirs_;  // [memory, pids, cpuacct]
  int cpu_fd_;                     // cpuacct.usage, kept open: read every watchdog tick
  bool removed_ = false;
};

class V1Isolation final : public CgroupIsolationBase {
 public:
  explicit V1Isolation(std::vector<std::string> parents) : parents_(std::move(parents)) {}
  ~V1Isolation() override {
    for (const std::string& parent : parents_) (void)RemoveDir(parent);
  }

  Result<std::unique_ptr<RunLimiter>> CreateRun(const Limits& limits) override {
    const std::string name = fmt::format("run-{}", next_run_.fetch_add(1));
    std::vector<std::string> dirs;
    for (const std::string& parent : parents_) {
      const std::string dir = parent + "/" + name;
      if (mkdir(dir.c_str(), 0755) != 0) {
        const std::string why = strerror(errno);
        for (const std::string& made : dirs) (void)RemoveDir(made);
        return Fail(ErrorCode::kInternal, fmt::format("cannot create cgroup {}: {}", dir, why));
      }
      dirs.push_back(dir);
    }
    const std::string memory = std::to_string(limits.memory_bytes);
    Status status = WriteSmallFile(dirs[kMemory] + "/memory.limit_in_bytes", memory);
    // With swap accounting the combined limit must say the same, or the program swaps instead.
    if (status && Exists(dirs[kMemory] + "/memory.memsw.limit_in_bytes")) {
      status = WriteSmallFile(dirs[kMemory] + "/memory.memsw.limit_in_bytes", memory);
    }
    if (status) status = WriteSmallFile(dirs[kPids] + "/pids.max", std::to_string(limits.tasks));
    const int cpu_fd = open((dirs[kCpu] + "/cpuacct.usage").c_str(), O_RDONLY | O_CLOEXEC);
    if (status && cpu_fd < 0)
      status = Fail(ErrorCode::kInternal,
                    std::string("cannot open the cgroup CPU counter: ") + strerror(errno));
    auto run = std::make_unique<V1Run>(std::move(dirs), cpu_fd);
    if (!status) return std::unexpected(status.error());  // ~V1Run removes the directories
    return run;
  }
  std::string Describe() const override {
    return "cgroup v1 (" + parents_[kMemory] + ", " + parents_[kPids] + ", " + parents_[kCpu] + ")";
  }
  std::vector<std::string> CgroupParents() const override { return parents_; }

 private:
  std::vector<std::string> parents_;  // [memory, pids, cpuacct]
  std::atomic<std::uint64_t> next_run_{0};
};

}  // namespace

Result<std::unique_ptr<Isolation>> MakeCgroupV1Isolation(const CgroupPlace& place,
                                                         const std::string& v2_reasons) {
  std::vector<std::string> parents;
  auto undo = [&] {
    for (const std::string& made : parents) (void)RemoveDir(made);
  };
  for (const char* controller : {"memory", "pids", "cpuacct"}) {
    std::string dir;
    for (const CgroupMount& mount : place.mounts) {
      if (mount.fstype != "cgroup" || !Contains(mount.options, controller)) continue;
      for (const auto& [controllers, path] : place.own) {
        if (Contains(controllers, controller)) dir = JoinUnder(mount, path);
      }
    }
    if (dir.empty()) {
      undo();
      return Fail(
          ErrorCode::kUnavailable,
          fmt::format(
              "no usable cgroup hierarchy for the sandbox ({}cgroup v1 has no '{}' "
              "hierarchy for this process); run as root, or delegate a cgroup v2 "
              "subtree with memory and pids (e.g. systemd-run --user --scope -p Delegate=yes)",
              v2_reasons, controller));
    }
    auto parent = MakeParent(dir, place.instance);
    if (!parent) {
      undo();
      return std::unexpected(std::move(parent.error()).With(v2_reasons + "cgroup v1"));
    }
    parents.push_back(*parent);
  }
  return std::make_unique<V1Isolation>(std::move(parents));
}

}  // namespace r1::sandbox::internal
