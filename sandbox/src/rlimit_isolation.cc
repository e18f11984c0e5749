// The mode without cgroups (an ordinary user with no delegated cgroup v2 subtree: containers,
// minimal hosts, most CI runners as non-root). What bounds a run instead, as nsjail and most
// judges do without root:
//   - memory: RLIMIT_DATA per process (heap, anonymous mappings), plus this watchdog, which sums
//     the resident memory of every process of the run each tick and kills the run above the limit;
//     memfd_create and SysV shm are refused (seccomp), tmpfs mounts are size-limited anyway;
//   - tasks: RLIMIT_NPROC, which since Linux 5.14 counts per user namespace, i.e. per run;
//   - CPU: utime + stime (+ reaped children's) of the run's process tree from /proc each tick,
//     RLIMIT_CPU per process as a backstop;
//   - cleanup: every process lives in the run's pid namespace and dies with its pid 1.
// Weaker than a cgroup: a brief overshoot of the memory limit between two ticks passes, an
// address-space reservation beyond the limit fails (RE where a cgroup says OK), the peak memory is
// sampled (and counts shared pages once per process), CPU has clock-tick (10 ms) resolution, and
// a fork failed at the task limit is not reported as such.
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string>
#include <vector>

#include "isolation.h"

namespace r1::sandbox::internal {
namespace {

struct TreeSample {
  std::int64_t ticks = 0;       // utime + stime + cutime + cstime
  std::int64_t anon_pages = 0;  // resident minus file-backed and shared: an upper bound
  std::vector<pid_t> pids;
};

std::string ReadProc(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  close(fd);
  return out;
}

std::int64_t Number(std::string_view text) {
  std::int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// One process and, recursively, its children (/proc/PID/task/TID/children, per thread).
void Walk(pid_t pid, TreeSample& sample, int depth) {
  if (depth > 4096 || sample.pids.size() > 65536) return;
  const std::string stat = ReadProc("/proc/" + std::to_string(pid) + "/stat");
  const auto paren = stat.rfind(')');
  if (paren == std::string::npos) return;
  // Fields after the command: state is field 3; utime 14, stime 15, cutime 16, cstime 17.
  std::string_view rest(stat);
  rest.remove_prefix(paren + 2);
  int field = 3;
  while (!rest.empty() && field <= 17) {
    const auto space = rest.find(' ');
    if (field >= 14) sample.ticks += Number(rest.substr(0, space));
    if (space == std::string_view::npos) break;
    rest.remove_prefix(space + 1);
    ++field;
  }
  // statm: size resident shared ...; resident - shared is the process's anonymous memory.
  const std::string statm = ReadProc("/proc/" + std::to_string(pid) + "/statm");
  std::string_view m(statm);
  std::int64_t values[3] = {0, 0, 0};
  for (std::int64_t& v : values) {
    const auto space = m.find(' ');
    v = Number(m.substr(0, space));
    if (space == std::string_view::npos) break;
    m.remove_prefix(space + 1);
  }
  sample.anon_pages += std::max<std::int64_t>(0, values[1] - values[2]);
  sample.pids.push_back(pid);
  const std::string tasks = "/proc/" + std::to_string(pid) + "/task";
  DIR* dir = opendir(tasks.c_str());
  if (dir == nullptr) return;
  while (dirent* e = readdir(dir)) {
    if (e->d_name[0] == '.') continue;
    const std::string children = ReadProc(tasks + "/" + e->d_name + "/children");
    std::string_view list(children);
    while (!list.empty()) {
      const auto space = list.find(' ');
      const pid_t child = static_cast<pid_t>(Number(list.substr(0, space)));
      if (child > 0) Walk(child, sample, depth + 1);
      if (space == std::string_view::npos) break;
      list.remove_prefix(space + 1);
    }
  }
  closedir(dir);
}

// Proportional anonymous and shmem memory of one process (kB), counting a page shared by N
// processes (copy-on-write after fork) as 1/N in each. Exact, but it walks the page tables.
std::int64_t PssKb(pid_t pid) {
  const std::string rollup = ReadProc("/proc/" + std::to_string(pid) + "/smaps_rollup");
  std::int64_t kb = 0;
  for (const char* key : {"\nPss_Anon:", "\nPss_Shmem:"}) {
    const auto at = rollup.find(key);
    if (at == std::string::npos) continue;
    std::string_view rest(rollup);
    rest.remove_prefix(at + std::strlen(key));
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    kb += Number(rest);
  }
  return kb;
}

class TreeRun final : public RunLimiter {
 public:
  explicit TreeRun(std::int64_t memory_limit) : memory_limit_(memory_limit) {}
  Status Attach(pid_t init_pid) override {
    init_pid_ = init_pid;
    return {};
  }
  std::int64_t CpuNanos() override {
    Sample();
    return cpu_ns_;
  }
  bool Tick() override {
    Sample();
    return over_limit_;
  }
  RunFigures Finish(const ProgramStatus& status, Status* removed) override {
    *removed = {};  // nothing on the host to remove: the pid namespace took every process
    RunFigures figures;
    figures.cpu_ns = std::max(cpu_ns_, status.init_cpu_ns + status.children_cpu_ns);
    figures.peak_bytes = std::max(peak_bytes_, status.children_maxrss_kb * 1024);
    figures.oom_kills = over_limit_ ? 1 : 0;
    return figures;
  }

 private:
  void Sample() {
    if (init_pid_ <= 0) return;
    TreeSample sample;
    Walk(init_pid_, sample, 0);
    if (sample.pids.empty()) return;  // pid 1 is gone: keep the last figures
    cpu_ns_ = std::max<std::int64_t>(cpu_ns_, sample.ticks * (1'000'000'000LL / ticks_per_second_));
    std::int64_t bytes = sample.anon_pages * page_size_;
    // The cheap sum counts pages shared after fork once per process: above the limit, measure
    // exactly before killing anyone, and before raising the peak when the program has forked
    // (pid 1 and the program it exec'd share nothing), or memory_kb would count them twice.
    if (bytes > memory_limit_ || (bytes > peak_bytes_ && sample.pids.size() > 2)) {
      std::int64_t kb = 0;
      for (pid_t pid : sample.pids) kb += PssKb(pid);
      bytes = kb * 1024;
      over_limit_ = over_limit_ || bytes > memory_limit_;
    }
    peak_bytes_ = std::max<std::int64_t>(peak_bytes_, bytes);
  }

  std::int64_t memory_limit_;
  pid_t init_pid_ = -1;
  std::int64_t cpu_ns_ = 0;
  std::int64_t peak_bytes_ = 0;
  bool over_limit_ = false;
  const std::int64_t ticks_per_second_ = std::max<std::int64_t>(1, sysconf(_SC_CLK_TCK));
  const std::int64_t page_size_ = std::max<std::int64_t>(1, sysconf(_SC_PAGESIZE));
};

class RlimitIsolation final : public Isolation {
 public:
  Result<std::unique_ptr<RunLimiter>> CreateRun(const Limits& limits) override {
    return std::make_unique<TreeRun>(limits.memory_bytes);
  }
  void AddRlimits(const Limits& limits, std::vector<std::pair<int, rlim_t>>& rlimits) const override {
    // The watchdog bounds what the run touches; this bounds what one process may map at all, so
    // a huge allocation fails at once instead of racing the watchdog. Room for four thread
    // stacks, which glibc sizes by RLIMIT_STACK and which are reserved, not used.
    const std::int64_t stack = limits.stack_bytes > 0 ? limits.stack_bytes : limits.memory_bytes / 2;
    rlimits.emplace_back(RLIMIT_DATA, static_cast<rlim_t>(limits.memory_bytes + 4 * stack));
    // pid 1 of the run shares the count (same user namespace, same uid).
    rlimits.emplace_back(RLIMIT_NPROC, static_cast<rlim_t>(limits.tasks + 1));
  }
  bool DenyUnaccountedMemory() const override { return true; }
  std::string Describe() const override { return "no cgroup (namespaces + seccomp + rlimits)"; }
  std::vector<std::string> CgroupParents() const override { return {}; }
};

}  // namespace

std::unique_ptr<Isolation> MakeRlimitIsolation() { return std::make_unique<RlimitIsolation>(); }

}  // namespace r1::sandbox::internal
