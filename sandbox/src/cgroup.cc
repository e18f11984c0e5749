// cgroup v1/v2 handling for sandbox runs. Paths come from /proc/self/mountinfo and
// /proc/self/cgroup, so nested or containerised layouts (mount roots other than "/") work.
#include "cgroup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iterator>
#include <mutex>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

namespace r1::sandbox::internal {
namespace {

constexpr const char* kParentPrefix = "r1-sandbox.";
constexpr const char* kSelfPrefix = "r1-sandbox-self.";  // v2 only: where the harness moves itself

std::string ErrnoText() { return strerror(errno); }

Result<std::string> ReadSmallFile(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Fail(ErrorCode::kInternal, fmt::format("{}: {}", path, ErrnoText()));
  std::string out;
  char buf[4096];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  close(fd);
  return out;
}

Status WriteSmallFile(const std::string& path, std::string_view value) {
  int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return Fail(ErrorCode::kInternal, fmt::format("{}: {}", path, ErrnoText()));
  ssize_t n = write(fd, value.data(), value.size());
  int saved = errno;
  close(fd);
  if (n != static_cast<ssize_t>(value.size())) {
    return Fail(ErrorCode::kInternal, fmt::format("writing '{}' to {}: {}", value, path, strerror(saved)));
  }
  return {};
}

bool Exists(const std::string& path) { return access(path.c_str(), F_OK) == 0; }

std::int64_t ParseInt(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  std::int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// "key value" lines (memory.events, pids.events, cpu.stat, memory.oom_control).
std::int64_t KeyedValue(const std::string& text, std::string_view key) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() > key.size() && line.compare(0, key.size(), key) == 0 && line[key.size()] == ' ') {
      return ParseInt(std::string_view(line).substr(key.size() + 1));
    }
  }
  return 0;
}

std::string Unescape(const std::string& s) {  // mountinfo escapes space, tab, newline, backslash
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size()) {
      int v = (s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0');
      out += static_cast<char>(v);
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

struct CgroupMount {
  std::string root;        // path of the mount's root inside the hierarchy
  std::string mountpoint;  // where it is mounted here
  std::string fstype;      // "cgroup" or "cgroup2"
  std::vector<std::string> options;
};

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

std::vector<CgroupMount> CgroupMounts() {
  std::vector<CgroupMount> mounts;
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::vector<std::string> f;
    std::string word;
    while (fields >> word) f.push_back(word);
    auto dash = std::find(f.begin(), f.end(), "-");
    if (f.size() < 7 || dash == f.end() || dash + 3 > f.end()) continue;
    const std::string& fstype = *(dash + 1);
    if (fstype != "cgroup" && fstype != "cgroup2") continue;
    mounts.push_back({Unescape(f[3]), Unescape(f[4]), fstype, Split(*(dash + 3), ',')});
  }
  return mounts;
}

// This process's cgroup path per hierarchy line of /proc/self/cgroup: {controllers, path}.
std::vector<std::pair<std::vector<std::string>, std::string>> OwnCgroups() {
  std::vector<std::pair<std::vector<std::string>, std::string>> out;
  std::ifstream in("/proc/self/cgroup");
  std::string line;
  while (std::getline(in, line)) {
    auto first = line.find(':');
    auto second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    out.push_back({Split(line.substr(first + 1, second - first - 1), ','), line.substr(second + 1)});
  }
  return out;
}

std::string JoinUnder(const CgroupMount& mount, const std::string& own_path) {
  // The process's path is relative to the hierarchy root; the mount may show a subtree only.
  std::string rel = own_path;
  if (mount.root != "/" && rel.compare(0, mount.root.size(), mount.root) == 0) rel = rel.substr(mount.root.size());
  if (rel == "/") rel.clear();
  return mount.mountpoint + rel;
}

bool Contains(const std::vector<std::string>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

std::vector<pid_t> Procs(const std::string& dir) {
  std::vector<pid_t> pids;
  auto text = ReadSmallFile(dir + "/cgroup.procs");
  if (!text) return pids;
  std::istringstream in(*text);
  pid_t pid;
  while (in >> pid) pids.push_back(pid);
  return pids;
}

// A pid read from cgroup.procs may exit and be reused by an unrelated process before we signal
// it. So: pin the process with a pidfd, then check the pid is still listed; if it is, the pidfd
// holds a member of the cgroup (the original, or a newcomer that is just as much ours), and the
// signal goes through the pidfd, which can no longer change hands.
void KillMembers(const std::string& dir, const std::vector<pid_t>& pids) {
  std::vector<std::pair<pid_t, int>> pinned;
  for (pid_t pid : pids) {
    const int fd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
    if (fd >= 0) pinned.emplace_back(pid, fd);
  }
  const std::vector<pid_t> still = Procs(dir);
  for (const auto& [pid, fd] : pinned) {
    if (std::find(still.begin(), still.end(), pid) != still.end()) {
      syscall(SYS_pidfd_send_signal, fd, SIGKILL, nullptr, 0);
    }
    close(fd);
  }
}

bool KillUntilEmpty(const std::string& dir, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto pids = Procs(dir);
    if (pids.empty()) return true;
    KillMembers(dir, pids);
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

Status RemoveDir(const std::string& dir) {
  // rmdir fails with EBUSY until the last task has fully exited; that takes microseconds.
  for (int attempt = 0; attempt < 400; ++attempt) {
    if (rmdir(dir.c_str()) == 0 || errno == ENOENT) return {};
    if (errno != EBUSY) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return Fail(ErrorCode::kInternal, fmt::format("rmdir {}: {}", dir, ErrnoText()));
}

bool PidAlive(pid_t pid) { return kill(pid, 0) == 0 || errno == EPERM; }

// Removes "r1-sandbox.<pid>" trees (and v2 "r1-sandbox-self.<pid>") left by dead harnesses.
void SweepStale(const std::string& dir) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return;
  std::vector<std::string> stale;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    for (const char* prefix : {kParentPrefix, kSelfPrefix}) {
      std::string p = prefix;
      if (name.compare(0, p.size(), p) != 0) continue;
      // Names are "<prefix><pid>.<instance>"; only a dead harness's trees are stale (our own
      // live instances share our pid).
      pid_t pid = static_cast<pid_t>(ParseInt(std::string_view(name).substr(p.size())));
      if (pid > 0 && !PidAlive(pid)) stale.push_back(dir + "/" + name);
    }
  }
  closedir(d);
  for (const std::string& parent : stale) {
    if (DIR* p = opendir(parent.c_str())) {
      std::vector<std::string> leaves;
      while (dirent* e = readdir(p)) {
        if (e->d_type == DT_DIR && e->d_name[0] != '.') leaves.push_back(parent + "/" + e->d_name);
      }
      closedir(p);
      for (const std::string& leaf : leaves) {
        KillUntilEmpty(leaf, std::chrono::milliseconds(500));
        (void)RemoveDir(leaf);
      }
    }
    (void)RemoveDir(parent);
  }
}

// Several sandboxes may live in one process (the CLI, tests), so each gets its own parent,
// "r1-sandbox.<pid>.<instance>", the same name in every hierarchy.
Result<std::string> MakeParent(const std::string& own_dir, int instance) {
  SweepStale(own_dir);
  std::string parent = fmt::format("{}/{}{}.{}", own_dir, kParentPrefix, getpid(), instance);
  if (mkdir(parent.c_str(), 0755) != 0) {
    return Fail(ErrorCode::kUnavailable, fmt::format("cannot create cgroup {}: {}", parent, ErrnoText()));
  }
  return parent;
}

bool OffersMemoryAndPids(const std::string& dir) {
  auto controllers = ReadSmallFile(dir + "/cgroup.controllers");
  if (!controllers) return false;
  std::istringstream words(*controllers);
  std::vector<std::string> available{std::istream_iterator<std::string>(words), {}};
  return Contains(available, "memory") && Contains(available, "pids");
}

// Makes "<base>/r1-sandbox.<pid>.<instance>" with memory and pids for its children; `base` must
// already have them in its subtree_control.
Result<std::string> MakeV2Parent(const std::string& base, int instance) {
  auto parent = MakeParent(base, instance);
  if (!parent) return parent;
  if (auto enabled = WriteSmallFile(*parent + "/cgroup.subtree_control", "+memory +pids"); !enabled) {
    (void)RemoveDir(*parent);
    return std::unexpected(enabled.error());
  }
  return parent;
}

// v2, when the harness's own cgroup must give controllers to children but holds the harness:
// the harness moves itself into the leaf "r1-sandbox-self.<pid>" of it. Every CgroupManager of
// the process shares that move; the last one to go moves the harness back and removes the leaf,
// which would otherwise outlive the harness (nothing else removes a cgroup once its last
// process has exited).
struct SelfLeaf {
  std::mutex mu;
  int users = 0;
  std::string own_dir;  // where the harness was, and goes back to
  std::string dir;      // own_dir/r1-sandbox-self.<pid>
};

SelfLeaf& TheSelfLeaf() {
  static SelfLeaf* leaf = new SelfLeaf;  // never destroyed: managers may outlive other statics
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
  // Else the leaf stays until a later harness sweeps it (SweepStale: its pid is dead by then).
}

// v2. The kernel's "no internal processes" rule: a cgroup that holds processes cannot give its
// children controllers. So, in order:
//  1. our own cgroup, if it offers memory and pids and can enable them: directly, or after we
//     move ourselves into a leaf of it (works when we are alone there: a delegated scope made by
//     `systemd-run --user --scope -p Delegate=yes`, a container's init);
//  2. the nearest ancestor that offers memory and pids and can enable them (a slice holds no
//     processes: user-1000.slice for root in a login session, app.slice inside user@UID.service);
//     our sandboxes live in a subtree of their own there and we stay where we are;
// Writes we have no permission for (an ordinary user outside a delegated subtree) fail, which is
// how the walk stops at the delegation boundary. `how` says what was done; `in_self_leaf` is set
// when the harness holds a share of the self leaf (LeaveSelfLeaf gives it back).
Result<std::string> SetUpV2(const std::string& mount_dir, const std::string& own_dir, int instance, std::string* how,
                            bool* in_self_leaf) {
  std::string reasons;
  if (OffersMemoryAndPids(own_dir)) {
    SweepStale(own_dir);
    bool enabled = false;
    {
      std::lock_guard lock(TheSelfLeaf().mu);
      // Already in our leaf (an earlier sandbox of this process moved us), or we are alone.
      if (TheSelfLeaf().users > 0 || !WriteSmallFile(own_dir + "/cgroup.subtree_control", "+memory +pids")) {
        enabled = *in_self_leaf = EnterSelfLeafLocked(own_dir);
        if (enabled) *how = "own cgroup " + own_dir + " (the harness moved itself into a leaf of it)";
      } else {
        enabled = true;
        *how = "own cgroup " + own_dir;
      }
    }
    if (enabled) {
      auto parent = MakeV2Parent(own_dir, instance);
      if (parent) return parent;
      if (*in_self_leaf) LeaveSelfLeaf();
      *in_self_leaf = false;
      reasons += parent.error().message + "; ";
    } else {
      reasons += own_dir + " holds other processes (no internal processes rule); ";
    }
  } else {
    reasons += "memory and pids are not delegated to " + own_dir + "; ";
  }
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
      *how = "a subtree of its own under " + dir + " (own cgroup " + own_dir + " holds other processes)";
      return parent;
    }
    reasons += parent.error().message + "; ";
  }
  if (!reasons.empty()) reasons.resize(reasons.size() - 2);
  return Fail(ErrorCode::kUnavailable, "cgroup v2: " + reasons);
}

}  // namespace

Result<std::unique_ptr<CgroupManager>> CgroupManager::Create() {
  static std::atomic<int> next_instance{0};
  const int instance = next_instance.fetch_add(1);
  std::unique_ptr<CgroupManager> manager(new CgroupManager());
  const auto mounts = CgroupMounts();
  const auto own = OwnCgroups();
  std::string reasons;

  // v2 first: a unified hierarchy whose cgroup for us offers memory and pids.
  for (const CgroupMount& mount : mounts) {
    if (mount.fstype != "cgroup2") continue;
    for (const auto& [controllers, path] : own) {
      if (!(controllers.size() == 1 && controllers[0].empty())) continue;  // the "0::/path" line
      // An earlier sandbox of this process may have moved us into our "self" child already.
      std::string own_path = path;
      const std::string self = fmt::format("/{}{}", kSelfPrefix, getpid());
      if (own_path.size() >= self.size() && own_path.compare(own_path.size() - self.size(), self.size(), self) == 0) {
        own_path.resize(own_path.size() - self.size());
        if (own_path.empty()) own_path = "/";
      }
      auto parent = SetUpV2(mount.mountpoint, JoinUnder(mount, own_path), instance, &manager->how_,
                            &manager->in_self_leaf_);
      if (parent) {
        manager->v2_ = true;
        manager->parents_ = {*parent};
        return manager;
      }
      reasons += parent.error().message + "; ";
    }
  }

  // v1: one hierarchy each for memory, pids and cpuacct (possibly co-mounted).
  for (const char* controller : {"memory", "pids", "cpuacct"}) {
    std::string dir;
    for (const CgroupMount& mount : mounts) {
      if (mount.fstype != "cgroup" || !Contains(mount.options, controller)) continue;
      for (const auto& [controllers, path] : own) {
        if (Contains(controllers, controller)) dir = JoinUnder(mount, path);
      }
    }
    if (dir.empty()) {
      for (const std::string& made : manager->parents_) (void)RemoveDir(made);
      manager->parents_.clear();
      return Fail(ErrorCode::kUnavailable,
                  fmt::format("no usable cgroup hierarchy for the sandbox ({}cgroup v1 has no '{}' "
                              "hierarchy for this process); run as root, or delegate a cgroup v2 "
                              "subtree with memory and pids (e.g. systemd-run --user --scope -p Delegate=yes)",
                              reasons, controller));
    }
    auto parent = MakeParent(dir, instance);
    if (!parent) {
      for (const std::string& made : manager->parents_) (void)RemoveDir(made);
      manager->parents_.clear();
      return std::unexpected(std::move(parent.error()).With(reasons + "cgroup v1"));
    }
    manager->parents_.push_back(*parent);
  }
  return manager;
}

CgroupManager::~CgroupManager() {
  for (const std::string& parent : parents_) (void)RemoveDir(parent);
  if (in_self_leaf_) LeaveSelfLeaf();
}

std::string CgroupManager::Describe() const {
  return v2_ ? "cgroup v2 (" + parents_[0] + "; " + how_ + ")"
             : "cgroup v1 (" + parents_[0] + ", " + parents_[1] + ", " + parents_[2] + ")";
}

Result<std::unique_ptr<RunCgroup>> CgroupManager::CreateRun(const CgroupLimits& limits) {
  std::unique_ptr<RunCgroup> run(new RunCgroup());
  run->v2_ = v2_;
  run->memory_limit_ = limits.memory_bytes;
  const std::string name = fmt::format("run-{}", next_run_.fetch_add(1));
  for (const std::string& parent : parents_) {
    std::string dir = parent + "/" + name;
    if (mkdir(dir.c_str(), 0755) != 0) {
      run->removed_ = true;
      for (const std::string& made : run->dirs_) (void)RemoveDir(made);
      return Fail(ErrorCode::kInternal, fmt::format("cannot create cgroup {}: {}", dir, ErrnoText()));
    }
    run->dirs_.push_back(dir);
  }
  const std::string memory = std::to_string(limits.memory_bytes);
  const std::string tasks = std::to_string(limits.tasks);
  Status status;
  if (v2_) {
    const std::string& dir = run->dirs_[0];
    status = WriteSmallFile(dir + "/memory.max", memory);
    if (status && Exists(dir + "/memory.swap.max")) status = WriteSmallFile(dir + "/memory.swap.max", "0");
    // One OOM kill takes the whole sandbox down instead of leaving a half-dead program.
    if (status && Exists(dir + "/memory.oom.group")) status = WriteSmallFile(dir + "/memory.oom.group", "1");
    if (status) status = WriteSmallFile(dir + "/pids.max", tasks);
    run->cpu_fd_ = open((dir + "/cpu.stat").c_str(), O_RDONLY | O_CLOEXEC);
    if (!Exists(dir + "/memory.peak")) run->current_fd_ = open((dir + "/memory.current").c_str(), O_RDONLY | O_CLOEXEC);
  } else {
    const std::string& mem = run->dirs_[0];
    status = WriteSmallFile(mem + "/memory.limit_in_bytes", memory);
    // With swap accounting the combined limit must say the same, or the program swaps instead.
    if (status && Exists(mem + "/memory.memsw.limit_in_bytes")) {
      status = WriteSmallFile(mem + "/memory.memsw.limit_in_bytes", memory);
    }
    if (status) status = WriteSmallFile(run->dirs_[1] + "/pids.max", tasks);
    run->cpu_fd_ = open((run->dirs_[2] + "/cpuacct.usage").c_str(), O_RDONLY | O_CLOEXEC);
  }
  if (status && run->cpu_fd_ < 0) status = Fail(ErrorCode::kInternal, "cannot open the cgroup CPU counter: " + ErrnoText());
  if (!status) {
    (void)run->Remove();
    return std::unexpected(status.error());
  }
  return run;
}

RunCgroup::~RunCgroup() {
  if (!removed_) (void)Remove();
}

Status RunCgroup::Attach(pid_t pid) {
  const std::string value = std::to_string(pid);
  for (const std::string& dir : dirs_) {
    if (auto written = WriteSmallFile(dir + "/cgroup.procs", value); !written) return written;
  }
  return {};
}

std::int64_t RunCgroup::CpuNanos() const {
  char buf[512];
  ssize_t n = pread(cpu_fd_, buf, sizeof buf - 1, 0);
  if (n <= 0) return 0;
  buf[n] = '\0';
  if (!v2_) return ParseInt(buf);
  return KeyedValue(std::string(buf, static_cast<std::size_t>(n)), "usage_usec") * 1000;
}

void RunCgroup::SampleMemory() {
  if (current_fd_ < 0) return;
  char buf[64];
  ssize_t n = pread(current_fd_, buf, sizeof buf - 1, 0);
  if (n <= 0) return;
  buf[n] = '\0';
  sampled_peak_ = std::max(sampled_peak_, ParseInt(buf));
}

CgroupStats RunCgroup::Stats() const {
  CgroupStats stats;
  stats.cpu_ns = CpuNanos();
  if (v2_) {
    const std::string& dir = dirs_[0];
    // Kernels before 5.19 have no memory.peak; the watchdog's samples of memory.current stand
    // in (read now, after the run, it would be about zero).
    if (auto peak = ReadSmallFile(dir + "/memory.peak")) stats.peak_bytes = ParseInt(*peak);
    stats.peak_bytes = std::max(stats.peak_bytes, sampled_peak_);
    if (auto events = ReadSmallFile(dir + "/memory.events")) stats.oom_kills = KeyedValue(*events, "oom_kill");
    if (auto events = ReadSmallFile(dir + "/pids.events")) stats.tasks_limit_hits = KeyedValue(*events, "max");
  } else {
    if (auto peak = ReadSmallFile(dirs_[0] + "/memory.max_usage_in_bytes")) stats.peak_bytes = ParseInt(*peak);
    if (auto oom = ReadSmallFile(dirs_[0] + "/memory.oom_control")) stats.oom_kills = KeyedValue(*oom, "oom_kill");
    if (auto events = ReadSmallFile(dirs_[1] + "/pids.events")) stats.tasks_limit_hits = KeyedValue(*events, "max");
  }
  return stats;
}

bool RunCgroup::KillAll(std::chrono::milliseconds timeout) {
  if (v2_ && Exists(dirs_[0] + "/cgroup.kill")) (void)WriteSmallFile(dirs_[0] + "/cgroup.kill", "1");
  bool empty = true;
  for (const std::string& dir : dirs_) empty = KillUntilEmpty(dir, timeout) && empty;
  return empty;
}

Status RunCgroup::Remove() {
  removed_ = true;
  for (int* fd : {&cpu_fd_, &current_fd_}) {
    if (*fd >= 0) close(*fd);
    *fd = -1;
  }
  bool empty = KillAll(std::chrono::seconds(2));
  Status status;
  for (const std::string& dir : dirs_) {
    if (auto removed = RemoveDir(dir); !removed && status) status = removed;
  }
  if (!empty && status) status = Fail(ErrorCode::kInternal, "sandbox processes survived SIGKILL in " + dirs_[0]);
  return status;
}

}  // namespace r1::sandbox::internal
