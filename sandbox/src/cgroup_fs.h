// The cgroup filesystem as the cgroup isolation modes use it (cgroup_v1.cc, cgroup_v2*.cc):
// small reads and writes, where this process's cgroups are (from /proc/self/mountinfo and
// /proc/self/cgroup, so nested or containerised layouts work), and killing and removing what a
// run or a dead harness left. Internal to r1::sandbox.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "r1/core/error.h"

namespace r1::sandbox::internal {

/// "r1-sandbox.<pid>.<instance>": one per sandbox, in every hierarchy it uses.
inline constexpr const char* kParentPrefix = "r1-sandbox.";
/// "r1-sandbox-self.<pid>" (v2 only): the leaf the harness moves itself into
/// (cgroup_v2_delegated.cc).
inline constexpr const char* kSelfPrefix = "r1-sandbox-self.";

Result<std::string> ReadSmallFile(const std::string& path);
Status WriteSmallFile(const std::string& path, std::string_view value);
bool Exists(const std::string& path);
std::int64_t ParseInt(std::string_view text);
/// The value of "key value" lines (memory.events, pids.events, cpu.stat, memory.oom_control).
std::int64_t KeyedValue(const std::string& text, std::string_view key);
/// Reads a counter file kept open (read every watchdog tick): its text, empty on failure.
std::string ReadOpen(int fd);

struct CgroupMount {
  std::string root;        ///< path of the mount's root inside the hierarchy
  std::string mountpoint;  ///< where it is mounted here
  std::string fstype;      ///< "cgroup" or "cgroup2"
  std::vector<std::string> options;
};
std::vector<CgroupMount> CgroupMounts();
/// This process's cgroup per line of /proc/self/cgroup: {controllers, path} ("0::/path" is {{""},
/// path}).
std::vector<std::pair<std::vector<std::string>, std::string>> OwnCgroups();
/// The directory here of `own_path` (a path in the hierarchy of `mount`).
std::string JoinUnder(const CgroupMount& mount, const std::string& own_path);
bool Contains(const std::vector<std::string>& v, std::string_view x);

/// SIGKILLs every task of `dir` until none is left; false if some survived `timeout`.
bool KillUntilEmpty(const std::string& dir, std::chrono::milliseconds timeout);
/// rmdir, retried while the last task is still exiting.
Status RemoveDir(const std::string& dir);
/// Removes the r1-sandbox trees under `dir` of harness processes that died without cleaning up.
void SweepStale(const std::string& dir);
/// Sweeps `dir`, then makes "<dir>/r1-sandbox.<pid>.<instance>".
Result<std::string> MakeParent(const std::string& dir, int instance);
/// A number distinct for each sandbox of this process (the parents' names).
int NextInstance();

}  // namespace r1::sandbox::internal
