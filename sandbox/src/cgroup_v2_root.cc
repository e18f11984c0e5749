// cgroup v2 for root whose own cgroup holds other processes (a login session's scope, a
// service): the sandboxes live in a subtree of their own under the nearest ancestor that offers
// memory and pids and can enable them (a slice holds no processes: user-1000.slice, or the root
// cgroup), and the harness stays where it is. Writes we have no permission for (an ordinary user
// outside a delegated subtree) fail, which is how the walk stops at the delegation boundary.
#include "cgroup_modes.h"

namespace r1::sandbox::internal {

Result<std::unique_ptr<V2Subtree>> RootV2Subtree(const std::string& mount_dir,
                                                 const std::string& own_dir, int instance) {
  std::string reasons;
  for (std::string dir = own_dir; dir.size() > mount_dir.size();) {
    dir = dir.substr(0, dir.rfind('/'));
    if (dir.size() < mount_dir.size()) break;
    if (!OffersMemoryAndPids(dir)) continue;
    if (!WriteSmallFile(dir + "/cgroup.subtree_control", "+memory +pids")) {
      reasons += "cannot enable memory and pids in " + dir + "; ";
      continue;
    }
    auto parent = MakeV2Parent(dir, instance);
    if (parent) {
      return std::make_unique<V2Subtree>(*parent, "a subtree of its own under " + dir +
                                                      " (own cgroup " + own_dir +
                                                      " holds other processes)");
    }
    reasons += parent.error().message + "; ";
  }
  if (!reasons.empty()) reasons.resize(reasons.size() - 2);
  return Fail(ErrorCode::kUnavailable, reasons);
}

}  // namespace r1::sandbox::internal
