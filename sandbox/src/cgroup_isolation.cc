// The cgroup modes (v1 on this machine and CI, v2 elsewhere) behind the Isolation interface.
#include <fmt/format.h>

#include "cgroup.h"
#include "isolation.h"

namespace r1::sandbox::internal {
namespace {

class CgroupRun final : public RunLimiter {
 public:
  explicit CgroupRun(std::unique_ptr<RunCgroup> cgroup) : cgroup_(std::move(cgroup)) {}
  Status Attach(pid_t init_pid) override { return cgroup_->Attach(init_pid); }
  std::int64_t CpuNanos() override { return cgroup_->CpuNanos(); }
  bool Tick() override {
    cgroup_->SampleMemory();
    return false;  // the kernel enforces the limit (OOM kill)
  }
  RunFigures Finish(const ProgramStatus& status, Status* removed) override {
    const CgroupStats stats = cgroup_->Stats();
    *removed = cgroup_->Remove();
    RunFigures figures{stats.cpu_ns, stats.peak_bytes, stats.oom_kills, stats.tasks_limit_hits};
    // A largest single process is a lower bound on the group's peak (it helps where the kernel
    // keeps no peak and the run was shorter than one watchdog tick).
    figures.peak_bytes = std::max(figures.peak_bytes, status.children_maxrss_kb * 1024);
    return figures;
  }

 private:
  std::unique_ptr<RunCgroup> cgroup_;
};

class CgroupIsolation final : public Isolation {
 public:
  explicit CgroupIsolation(std::unique_ptr<CgroupManager> manager) : manager_(std::move(manager)) {}
  Result<std::unique_ptr<RunLimiter>> CreateRun(const Limits& limits) override {
    auto run = manager_->CreateRun({limits.memory_bytes, limits.tasks});
    if (!run) return std::unexpected(run.error());
    return std::make_unique<CgroupRun>(std::move(*run));
  }
  void AddRlimits(const Limits&, std::vector<std::pair<int, rlim_t>>&) const override {}
  bool DenyUnaccountedMemory() const override { return false; }
  std::string Describe() const override { return manager_->Describe(); }
  std::vector<std::string> CgroupParents() const override { return manager_->parents(); }

 private:
  std::unique_ptr<CgroupManager> manager_;
};

}  // namespace

Result<std::unique_ptr<Isolation>> MakeCgroupIsolation() {
  auto manager = CgroupManager::Create();
  if (!manager) return std::unexpected(manager.error());
  return std::make_unique<CgroupIsolation>(std::move(*manager));
}

}  // namespace r1::sandbox::internal
