// Choosing the isolation mode once per process, and what each mode promises.
#include "isolation.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <mutex>

#include <fmt/format.h>

#include "cgroup_modes.h"

namespace r1::sandbox {
namespace {

constexpr const char* kCgroupGuarantees =
    "memory (RAM, tmpfs and shared memory together) and tasks limited per run by the kernel; CPU "
    "time summed over every thread and child; exact peak memory and OOM kills; whatever a run "
    "leaves is killed through its cgroup";

constexpr const char* kRlimitGuarantees =
    "memory of the whole run (proportional anonymous + shared memory of its processes) checked by a "
    "watchdog every tick and the run killed above the limit (MLE; a brief overshoot between ticks "
    "passes); per process RLIMIT_DATA of the limit plus four stacks, so a larger allocation fails at "
    "once (MLE when the program says out of memory, else RE; an address-space reservation beyond it "
    "fails too, where a cgroup says OK); memfd_create and SysV shm refused; tasks limited by "
    "RLIMIT_NPROC inside the run's own user namespace (a fork refused at the limit is not reported); "
    "CPU summed over the process tree from /proc (10 ms resolution); every process dies with the "
    "run's pid namespace";

std::string ReadSysctl(const char* path) {
  std::ifstream in(path);
  std::string value;
  in >> value;
  return value;
}

}  // namespace

std::string UserNamespaceBlocker() {
  if (geteuid() == 0) return {};
  if (ReadSysctl("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") == "1") {
    return "AppArmor blocks unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns=1); "
           "fix: sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 (or run r1-eval as root)";
  }
  if (ReadSysctl("/proc/sys/kernel/unprivileged_userns_clone") == "0") {
    return "unprivileged user namespaces are disabled (kernel.unprivileged_userns_clone=0); "
           "fix: sudo sysctl -w kernel.unprivileged_userns_clone=1 (or run r1-eval as root)";
  }
  if (ReadSysctl("/proc/sys/user/max_user_namespaces") == "0") {
    return "user namespaces are disabled (user.max_user_namespaces=0); "
           "fix: sudo sysctl -w user.max_user_namespaces=15000 (or run r1-eval as root)";
  }
  return {};
}

Result<IsolationInfo> ChooseIsolation() {
  static std::once_flag once;
  static Result<IsolationInfo> chosen = IsolationInfo{};
  std::call_once(once, [] {
    const char* forced = std::getenv("R1_SANDBOX_MODE");
    const std::string force = forced ? forced : "";
    if (!force.empty() && force != "cgroup" && force != "rlimits") {
      chosen = Fail(ErrorCode::kInvalidArgument, "R1_SANDBOX_MODE=" + force + ": expected cgroup or rlimits");
      return;
    }
    IsolationInfo info;
    if (force != "rlimits") {
      auto cgroups = internal::MakeCgroupIsolation();
      if (cgroups) {
        const std::string described = (*cgroups)->Describe();
        const bool v2 = described.rfind("cgroup v2", 0) == 0;
        info.mode = v2 ? IsolationMode::kCgroupV2 : IsolationMode::kCgroupV1;
        info.name = v2 ? "cgroup v2" : "cgroup v1";
        info.why = fmt::format("{}{}", geteuid() == 0 ? "root; " : "a delegated cgroup subtree; ", described);
        info.guarantees = kCgroupGuarantees;
        chosen = info;
        return;
      }
      if (geteuid() == 0 || force == "cgroup") {
        chosen = std::unexpected(std::move(cgroups.error()).With("sandbox"));
        return;
      }
      info.why = "no usable cgroup for an ordinary user (" + cgroups.error().message +
                 "); for cgroup limits run under `systemd-run --user --scope -p Delegate=yes r1-eval ...`";
    } else {
      info.why = "R1_SANDBOX_MODE=rlimits";
    }
    info.mode = IsolationMode::kRlimits;
    info.name = "no cgroup (namespaces + seccomp + rlimits)";
    info.guarantees = kRlimitGuarantees;
    chosen = info;
  });
  return chosen;
}

namespace internal {

Result<std::unique_ptr<Isolation>> MakeCgroupIsolation() {
  CgroupPlace place{CgroupMounts(), OwnCgroups(), NextInstance()};
  std::string reasons;
  for (const CgroupMount& mount : place.mounts) {
    if (mount.fstype != "cgroup2") continue;
    for (const auto& [controllers, path] : place.own) {
      if (!(controllers.size() == 1 && controllers[0].empty())) continue;  // the "0::/path" line
      // An earlier sandbox of this process may have moved us into our "self" leaf already.
      std::string own_path = path;
      const std::string self = fmt::format("/{}{}", kSelfPrefix, getpid());
      if (own_path.ends_with(self)) {
        own_path.resize(own_path.size() - self.size());
        if (own_path.empty()) own_path = "/";
      }
      const std::string own_dir = JoinUnder(mount, own_path);
      auto own = DelegatedV2Subtree(own_dir, place.instance);
      if (own) return MakeCgroupV2Isolation(std::move(*own));
      auto ancestor = RootV2Subtree(mount.mountpoint, own_dir, place.instance);
      if (ancestor) return MakeCgroupV2Isolation(std::move(*ancestor));
      reasons += "cgroup v2: " + own.error().message;
      if (!ancestor.error().message.empty()) reasons += "; " + ancestor.error().message;
      reasons += "; ";
    }
  }
  return MakeCgroupV1Isolation(place, reasons);
}

Result<std::unique_ptr<Isolation>> MakeIsolation(const IsolationInfo& info) {
  if (info.mode == IsolationMode::kRlimits) return MakeRlimitIsolation();
  auto cgroups = MakeCgroupIsolation();
  if (!cgroups) return std::unexpected(std::move(cgroups.error()).With("sandbox"));
  return cgroups;
}

}  // namespace internal
}  // namespace r1::sandbox
