// cgroup filesystem helpers shared by the cgroup isolation modes.
#include "cgroup_fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <fstream>
#include <sstream>
#include <thread>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

namespace r1::sandbox::internal {
namespace {

std::string ErrnoText() { return strerror(errno); }

}  // namespace

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
    return Fail(ErrorCode::kInternal,
                fmt::format("writing '{}' to {}: {}", value, path, strerror(saved)));
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

std::int64_t KeyedValue(const std::string& text, std::string_view key) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() > key.size() && line.compare(0, key.size(), key) == 0 &&
        line[key.size()] == ' ') {
      return ParseInt(std::string_view(line).substr(key.size() + 1));
    }
  }
  return 0;
}

namespace {

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

}  // namespace

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
    out.push_back(
        {Split(line.substr(first + 1, second - first - 1), ','), line.substr(second + 1)});
  }
  return out;
}

std::string JoinUnder(const CgroupMount& mount, const std::string& own_path) {
  // The process's path is relative to the hierarchy root; the mount may show a subtree only.
  std::string rel = own_path;
  if (mount.root != "/" && rel.compare(0, mount.root.size(), mount.root) == 0)
    rel = rel.substr(mount.root.size());
  if (rel == "/") rel.clear();
  return mount.mountpoint + rel;
}

bool Contains(const std::vector<std::string>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

namespace {

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

}  // namespace

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

namespace {

bool PidAlive(pid_t pid) { return kill(pid, 0) == 0 || errno == EPERM; }

}  // namespace

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

Result<std::string> MakeParent(const std::string& own_dir, int instance) {
  SweepStale(own_dir);
  std::string parent = fmt::format("{}/{}{}.{}", own_dir, kParentPrefix, getpid(), instance);
  if (mkdir(parent.c_str(), 0755) != 0) {
    return Fail(ErrorCode::kUnavailable,
                fmt::format("cannot create cgroup {}: {}", parent, ErrnoText()));
  }
  return parent;
}

std::string ReadOpen(int fd) {
  char buf[512];
  const ssize_t n = fd >= 0 ? pread(fd, buf, sizeof buf, 0) : -1;
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

int NextInstance() {
  static std::atomic<int> next{0};
  return next.fetch_add(1);
}

}  // namespace r1::sandbox::internal
