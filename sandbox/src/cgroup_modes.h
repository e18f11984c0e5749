// The cgroup isolation modes, each one file behind the Isolation interface (isolation.h):
//   - cgroup_v1.cc: root on a v1 or hybrid host (this machine, CI);
//   - cgroup_v2.cc: the per-run v2 cgroup, under a subtree placed by one of
//       cgroup_v2_delegated.cc: the harness's own cgroup (a delegated user scope, a container's
//         init), the harness moving itself into a leaf of it when it is alone there;
//       cgroup_v2_root.cc: the nearest ancestor that can give controllers (root in a login
//         session or a service whose cgroup it shares with other processes).
// MakeCgroupIsolation (isolation.cc) tries them in that order: v2 own, v2 ancestor, v1.
// Internal to r1::sandbox.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cgroup_fs.h"
#include "isolation.h"

namespace r1::sandbox::internal {

/// Where this process is: the cgroup mounts and its own cgroups, and this sandbox's number.
struct CgroupPlace {
  std::vector<CgroupMount> mounts;
  std::vector<std::pair<std::vector<std::string>, std::string>> own;
  int instance = 0;
};

/// What every cgroup mode shares: the kernel bounds all memory, so nothing is refused for being
/// unaccounted and no rlimit is needed beyond the common ones.
class CgroupIsolationBase : public Isolation {
 public:
  void AddRlimits(const Limits&, std::vector<std::pair<int, rlim_t>>&) const override {}
  bool DenyUnaccountedMemory() const override { return false; }
};

Result<std::unique_ptr<Isolation>> MakeCgroupV1Isolation(const CgroupPlace& place,
                                                         const std::string& v2_reasons);

/// A v2 directory "r1-sandbox.<pid>.<n>" with memory and pids enabled for its children (the
/// runs). Removing it, and undoing what placing it took, happens on destruction.
class V2Subtree {
 public:
  V2Subtree(std::string parent, std::string how, std::function<void()> release = {})
      : parent_(std::move(parent)), how_(std::move(how)), release_(std::move(release)) {}
  ~V2Subtree() {
    (void)RemoveDir(parent_);
    if (release_) release_();
  }
  V2Subtree(const V2Subtree&) = delete;
  V2Subtree& operator=(const V2Subtree&) = delete;

  const std::string& parent() const { return parent_; }
  const std::string& how() const { return how_; }

 private:
  std::string parent_;
  std::string how_;  // which cgroup holds the sandboxes and why
  std::function<void()> release_;
};

/// Makes "<base>/r1-sandbox.<pid>.<instance>" with memory and pids for its children; `base`
/// must already have them in its subtree_control.
Result<std::string> MakeV2Parent(const std::string& base, int instance);
bool OffersMemoryAndPids(const std::string& dir);

Result<std::unique_ptr<V2Subtree>> DelegatedV2Subtree(const std::string& own_dir, int instance);
Result<std::unique_ptr<V2Subtree>> RootV2Subtree(const std::string& mount_dir,
                                                 const std::string& own_dir, int instance);
std::unique_ptr<Isolation> MakeCgroupV2Isolation(std::unique_ptr<V2Subtree> subtree);

}  // namespace r1::sandbox::internal
