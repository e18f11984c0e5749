// cgroup v2 in the harness's own cgroup: a delegated user scope (`systemd-run --user --scope -p
// Delegate=yes`, user@UID.service's subtree), or a container's init. The kernel's "no internal
// processes" rule: a cgroup that holds processes cannot give its children controllers, so the
// harness, when it is alone there, moves itself into the leaf "r1-sandbox-self.<pid>" first.
// Every sandbox of the process shares that move; the last one to go moves the harness back and
// removes the leaf, which would otherwise outlive the harness (nothing removes a cgroup once its
// last process has exited).
#include <errno.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <mutex>

#include "cgroup_modes.h"

namespace r1::sandbox::internal {
namespace {

struct SelfLeaf {
  std::mutex mu;
  int users = 0;
  std::string own_dir;  // where the harness was, and goes back to
  std::string dir;      // own_dir/r1-sandbox-self.<pid>
};

SelfLeaf& TheSelfLeaf() {
  static SelfLeaf* leaf = new SelfLeaf;  // never destroyed: sandboxes may outlive other statics
  return *leaf;
}

// Under TheSelfLeaf().mu. True when the harness is (now) in its leaf under `own_dir` with memory
// and pids enabled for its siblings.
bool EnterSelfLeafLocked(const std::string& own_dir) {
  SelfLeaf& leaf = TheSelfLeaf();
  if (leaf.users > 0) {
    if (leaf.own_dir != own_dir) return false;
    ++leaf.users;
    return true;
  }
  const std::string self = fmt::format("{}/{}{}", own_dir, kSelfPrefix, getpid());
  if (mkdir(self.c_str(), 0755) != 0 && errno != EEXIST) return false;
  if (WriteSmallFile(self + "/cgroup.procs", "0") &&
      WriteSmallFile(own_dir + "/cgroup.subtree_control", "+memory +pids")) {
    leaf.users = 1;
    leaf.own_dir = own_dir;
    leaf.dir = self;
    return true;
  }
  // Others live there too: go back, and leave nothing behind.
  (void)WriteSmallFile(own_dir + "/cgroup.procs", "0");
  (void)RemoveDir(self);
  return false;
}

void LeaveSelfLeaf() {
  SelfLeaf& leaf = TheSelfLeaf();
  std::lock_guard lock(leaf.mu);
  if (leaf.users == 0 || --leaf.users > 0) return;
  // A cgroup that gives controllers to children cannot take processes: disable them first
  // (they were off before: the harness lived there), then go back and remove the leaf.
  (void)WriteSmallFile(leaf.own_dir + "/cgroup.subtree_control", "-memory -pids");
  if (WriteSmallFile(leaf.own_dir + "/cgroup.procs", "0")) (void)RemoveDir(leaf.dir);
  // Else the leaf stays until a later harness sweeps it (SweepStale: our pid is dead by then).
}

}  // namespace

Result<std::unique_ptr<V2Subtree>> DelegatedV2Subtree(const std::string& own_dir, int instance) {
  if (!OffersMemoryAndPids(own_dir))
    return Fail(ErrorCode::kUnavailable, "memory and pids are not delegated to " + own_dir);
  SweepStale(own_dir);
  std::string how;
  bool in_leaf = false;
  {
    std::lock_guard lock(TheSelfLeaf().mu);
    // Already in our leaf (an earlier sandbox of this process moved us), or alone, or in the
    // root cgroup (the one cgroup exempt from the rule).
    if (TheSelfLeaf().users > 0 ||
        !WriteSmallFile(own_dir + "/cgroup.subtree_control", "+memory +pids")) {
      in_leaf = EnterSelfLeafLocked(own_dir);
      if (!in_leaf) {
        return Fail(ErrorCode::kUnavailable,
                    own_dir + " holds other processes (no internal processes rule)");
      }
      how = "own cgroup " + own_dir + " (the harness moved itself into a leaf of it)";
    } else {
      how = "own cgroup " + own_dir;
    }
  }
  auto parent = MakeV2Parent(own_dir, instance);
  if (!parent) {
    if (in_leaf) LeaveSelfLeaf();
    return std::unexpected(parent.error());
  }
  return std::make_unique<V2Subtree>(*parent, how,
                                     in_leaf ? std::function<void()>(LeaveSelfLeaf) : nullptr);
}

}  // namespace r1::sandbox::internal
