// The parent side of a sandboxed run: plan the root, clone, map ids, join cgroups, then watch
// CPU, wall time and output until every process of the run is gone.
#include "r1/sandbox/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

#include "isolation.h"
#include "seccomp.h"
#include "spawn.h"
#include "watch.h"

#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

namespace r1::sandbox {
namespace {

using internal::MountStep;

constexpr const char* kWorkspacePrefix = "r1-sandbox.";

// Owns one descriptor.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    Reset(std::exchange(other.fd_, -1));
    return *this;
  }
  ~Fd() { Reset(); }
  int get() const { return fd_; }
  void Reset(int fd = -1) {
    if (fd_ >= 0) close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

std::string ErrnoText() { return strerror(errno); }

Status Errno(std::string_view what) {
  return Fail(ErrorCode::kInternal, fmt::format("sandbox: {}: {}", what, ErrnoText()));
}

// Child-side descriptors must not be 0-2: the program's stdio is dup2'ed onto those.
Result<Fd> AboveStdio(int fd) {
  if (fd >= 3) return Fd(fd);
  int moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
  close(fd);
  if (moved < 0) return std::unexpected(Errno("fcntl(F_DUPFD_CLOEXEC)").error());
  return Fd(moved);
}

Status MakePipe(Fd& read_end, Fd& write_end) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return Errno("pipe2");
  auto r = AboveStdio(fds[0]);
  auto w = AboveStdio(fds[1]);
  if (!r || !w) return Errno("pipe2");
  read_end = std::move(*r);
  write_end = std::move(*w);
  return {};
}

// The mount flags of `path` that a user namespace may not clear on remount (MNT_LOCK_*), plus
// the atime mode, which must be restated exactly.
unsigned long LockedFlags(const std::string& path) {
  struct statvfs st {};
  if (statvfs(path.c_str(), &st) != 0) return 0;
  unsigned long flags = 0;
  if (st.f_flag & ST_NOSUID) flags |= MS_NOSUID;
  if (st.f_flag & ST_NODEV) flags |= MS_NODEV;
  if (st.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
  if (st.f_flag & ST_NOATIME) flags |= MS_NOATIME;
  if (st.f_flag & ST_NODIRATIME) flags |= MS_NODIRATIME;
  if (st.f_flag & ST_RELATIME) flags |= MS_RELATIME;
  if (!(st.f_flag & (ST_NOATIME | ST_RELATIME))) flags |= MS_STRICTATIME;
  return flags;
}

MountStep Mkdir(std::string target, unsigned mode = 0755) {
  MountStep s;
  s.kind = MountStep::Kind::kMkdir;
  s.target = std::move(target);
  s.mode = mode;
  return s;
}

MountStep Touch(std::string target, unsigned mode = 0644) {
  MountStep s = Mkdir(std::move(target), mode);
  s.kind = MountStep::Kind::kTouch;
  return s;
}

MountStep Symlink(std::string link_target, std::string path) {
  MountStep s;
  s.kind = MountStep::Kind::kSymlink;
  s.source = std::move(link_target);
  s.target = std::move(path);
  return s;
}

MountStep DoMount(std::string source, std::string target, std::string fstype, unsigned long flags,
                  std::string data = {}, bool optional = false) {
  MountStep s;
  s.kind = MountStep::Kind::kMount;
  s.source = std::move(source);
  s.target = std::move(target);
  s.fstype = std::move(fstype);
  s.flags = flags;
  s.data = std::move(data);
  s.optional = optional;
  return s;
}

MountStep Tmpfs(std::string target, std::int64_t bytes, int inodes, const char* mode, unsigned long extra = 0) {
  return DoMount("tmpfs", std::move(target), "tmpfs", MS_NOSUID | MS_NODEV | extra,
                 fmt::format("size={},nr_inodes={},mode={}", std::max<std::int64_t>(bytes, 4096), inodes, mode));
}

// Bind `host` (absolute, canonical) read-only or read-write at /newroot`inside`, then restate
// the flags: bind mounts ignore MS_RDONLY until a remount.
void BindSteps(std::vector<MountStep>& steps, const std::string& host, const std::string& inside, bool writable,
               bool allow_exec = true) {
  const std::string target = "/newroot" + inside;
  steps.push_back(DoMount("/oldroot" + host, target, "", MS_BIND | MS_REC));
  unsigned long flags = MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NODEV | LockedFlags(host);
  if (!writable) flags |= MS_RDONLY;
  if (!allow_exec) flags |= MS_NOEXEC;
  steps.push_back(DoMount("", target, "", flags));
}

// Mount points strictly below `dir` on the host, from /proc/self/mountinfo.
std::vector<std::string> SubmountsOf(const std::string& dir) {
  std::vector<std::string> out;
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string id, parent, devno, root, mountpoint;
    if (!(fields >> id >> parent >> devno >> root >> mountpoint)) continue;
    if (mountpoint.size() > dir.size() && mountpoint.compare(0, dir.size(), dir) == 0 && mountpoint[dir.size()] == '/' &&
        mountpoint.find('\\') == std::string::npos) {
      out.push_back(mountpoint);
    }
  }
  return out;
}

// The part of the root every run shares: /usr and the /bin, /lib... links (or read-only binds
// on hosts without merged /usr), /dev with five device nodes, /proc with /proc/sys read-only.
std::vector<MountStep> SystemSteps() {
  std::vector<MountStep> steps;
  steps.push_back(Mkdir("/newroot"));
  steps.push_back(Tmpfs("/newroot", 1 << 20, 4096, "0755"));
  steps.push_back(Mkdir("/newroot/usr"));
  BindSteps(steps, "/usr", "/usr", false);
  for (const std::string& sub : SubmountsOf("/usr")) {
    steps.push_back(DoMount("", "/newroot" + sub, "", MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | LockedFlags(sub),
                            {}, /*optional=*/true));
  }
  for (const char* name : {"bin", "sbin", "lib", "lib32", "lib64", "libx32"}) {
    const std::string host = std::string("/") + name;
    struct stat st {};
    if (lstat(host.c_str(), &st) != 0) continue;
    if (S_ISLNK(st.st_mode)) {
      char target[4096];
      ssize_t n = readlink(host.c_str(), target, sizeof target - 1);
      if (n > 0) steps.push_back(Symlink(std::string(target, static_cast<std::size_t>(n)), "/newroot" + host));
    } else if (S_ISDIR(st.st_mode)) {
      steps.push_back(Mkdir("/newroot" + host));
      BindSteps(steps, host, host, false);
    }
  }
  // Two things of /etc, neither secret: the dynamic loader's cache (saves every program a walk
  // over the library directories) and /etc/alternatives, through which Debian resolves some
  // libraries (numpy's libblas.so.3, for one). It holds only symlinks.
  steps.push_back(Mkdir("/newroot/etc"));
  struct stat st {};
  if (stat("/etc/ld.so.cache", &st) == 0 && S_ISREG(st.st_mode)) {
    steps.push_back(Touch("/newroot/etc/ld.so.cache"));
    BindSteps(steps, "/etc/ld.so.cache", "/etc/ld.so.cache", false, /*allow_exec=*/false);
  }
  if (stat("/etc/alternatives", &st) == 0 && S_ISDIR(st.st_mode)) {
    steps.push_back(Mkdir("/newroot/etc/alternatives"));
    BindSteps(steps, "/etc/alternatives", "/etc/alternatives", false);
  }
  steps.push_back(Mkdir("/newroot/dev"));
  steps.push_back(Tmpfs("/newroot/dev", 65536, 64, "0755", MS_NOEXEC));
  for (const char* node : {"null", "zero", "full", "random", "urandom"}) {
    const std::string path = std::string("/dev/") + node;
    steps.push_back(Touch("/newroot" + path, 0666));
    steps.push_back(DoMount("/oldroot" + path, "/newroot" + path, "", MS_BIND));
  }
  steps.push_back(Symlink("/proc/self/fd", "/newroot/dev/fd"));
  steps.push_back(Symlink("/proc/self/fd/0", "/newroot/dev/stdin"));
  steps.push_back(Symlink("/proc/self/fd/1", "/newroot/dev/stdout"));
  steps.push_back(Symlink("/proc/self/fd/2", "/newroot/dev/stderr"));
  steps.push_back(Mkdir("/newroot/dev/shm", 01777));
  steps.push_back(DoMount("", "/newroot/dev", "", MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NOEXEC));
  steps.push_back(Mkdir("/newroot/proc"));
  steps.push_back(DoMount("proc", "/newroot/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC));
  for (const char* sub : {"sys", "sysrq-trigger", "irq", "bus"}) {
    const std::string path = std::string("/newroot/proc/") + sub;
    steps.push_back(DoMount(path, path, "", MS_BIND | MS_REC, {}, true));
    steps.push_back(DoMount("", path, "", MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, {}, true));
  }
  steps.push_back(Mkdir("/newroot/tmp", 01777));
  steps.push_back(Mkdir("/newroot/box", 0755));
  return steps;
}

// The harness's argv+environ block, from /proc/self/stat fields 48..51.
std::pair<char*, std::size_t> ArgvBlock() {
  std::ifstream in("/proc/self/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto close_paren = stat.rfind(')');
  if (close_paren == std::string::npos) return {nullptr, 0};
  std::istringstream fields(stat.substr(close_paren + 2));
  std::vector<unsigned long long> values;
  std::string word;
  while (fields >> word) values.push_back(std::strtoull(word.c_str(), nullptr, 10));
  // Field 3 is values[0]; arg_start is field 48, env_end field 51.
  if (values.size() < 49) return {nullptr, 0};
  unsigned long long start = values[45], end = values[48];
  if (start == 0 || end <= start || end - start > (1u << 20)) return {nullptr, 0};
  return {reinterpret_cast<char*>(start), static_cast<std::size_t>(end - start)};
}

void SweepStaleWorkspaces(const std::filesystem::path& parent) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(parent, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(kWorkspacePrefix, 0) != 0) continue;
    const pid_t pid = static_cast<pid_t>(std::strtol(name.c_str() + std::strlen(kWorkspacePrefix), nullptr, 10));
    if (pid <= 0 || pid == getpid() || kill(pid, 0) == 0 || errno == EPERM) continue;
    std::filesystem::remove_all(entry.path(), ec);
  }
}

const char* SignalName(int sig) {
  switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGABRT: return "SIGABRT";
    case SIGFPE: return "SIGFPE";
    case SIGKILL: return "SIGKILL";
    case SIGBUS: return "SIGBUS";
    case SIGILL: return "SIGILL";
    case SIGSYS: return "SIGSYS (seccomp)";
    case SIGXFSZ: return "SIGXFSZ (file size limit)";
    case SIGXCPU: return "SIGXCPU";
    case SIGPIPE: return "SIGPIPE";
    case SIGTERM: return "SIGTERM";
    default: return "signal";
  }
}

}  // namespace

CodeVerdict ClassifyRun(const RunResult& r, const Limits& limits, std::string* detail) {
  std::string why;
  CodeVerdict verdict = CodeVerdict::kOk;
  if (r.cpu_limit_hit || r.cpu_ms > limits.cpu.count() || (!r.exited && r.signal == SIGXCPU)) {
    verdict = CodeVerdict::kTimeLimit;
    why = fmt::format("cpu time limit ({} ms)", limits.cpu.count());
  } else if (r.wall_limit_hit) {
    verdict = CodeVerdict::kTimeLimit;
    why = fmt::format("wall time limit ({} ms)", limits.EffectiveWall().count());
  } else if (r.oom_kills > 0 ||
             (!r.exited && r.signal == SIGKILL && r.memory_kb * 1024 >= limits.memory_bytes / 100 * 95)) {
    verdict = CodeVerdict::kMemoryLimit;
    why = fmt::format("memory limit ({} MiB)", limits.memory_bytes >> 20);
  } else if (r.output_limit_hit) {
    verdict = CodeVerdict::kOutputLimit;
    why = r.stdout_total > limits.stdout_bytes ? fmt::format("stdout limit ({} bytes)", limits.stdout_bytes)
                                               : fmt::format("stderr limit ({} bytes)", limits.stderr_bytes);
  } else if (!r.exited && r.signal == SIGABRT && r.stderr_data.find("std::bad_alloc") != std::string::npos) {
    // An uncaught bad_alloc ends in abort(): the allocation was refused (a memory rlimit, or a
    // request larger than the machine), which is a memory verdict like an OOM kill.
    verdict = CodeVerdict::kMemoryLimit;
    why = "out of memory (allocation failed)";
  } else if (!r.exited) {
    verdict = CodeVerdict::kRuntimeError;
    why = fmt::format("killed by signal {} ({})", r.signal, SignalName(r.signal));
  } else if (r.exit_code != 0) {
    // A failed allocation ends as an exception, not an OOM kill, when the request alone is more
    // than the machine could ever give. Still a memory verdict.
    // GCC's own allocator failure reads "cc1plus: out of memory allocating N bytes".
    if (r.stderr_data.find("MemoryError") != std::string::npos ||
        r.stderr_data.find("std::bad_alloc") != std::string::npos ||
        r.stderr_data.find(": out of memory allocating ") != std::string::npos) {
      verdict = CodeVerdict::kMemoryLimit;
      why = "out of memory (allocation failed)";
    } else {
      verdict = CodeVerdict::kRuntimeError;
      why = fmt::format("exit code {}", r.exit_code);
    }
  }
  if (detail != nullptr) *detail = why;
  return verdict;
}

struct Sandbox::Impl {
  IsolationInfo info;
  std::unique_ptr<internal::Isolation> isolation;
  std::vector<sock_filter> seccomp;
  std::vector<MountStep> system_steps;
  uid_t uid = 0;
  gid_t gid = 0;
  uid_t host_uid = 0;
  gid_t host_gid = 0;
  bool root = false;
  std::pair<char*, std::size_t> blank{nullptr, 0};
  long cpus = 1;

  Result<RunResult> Run(const RunSpec& spec);
  /// What pid 1 needs, but the descriptors.
  internal::ChildPlan Plan(const RunSpec& spec, std::vector<MountStep> steps) const;
  Status WriteIdMaps(pid_t pid) const;
  Result<std::vector<MountStep>> RunSteps(const RunSpec& spec) const;
};

Sandbox::Sandbox(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Sandbox::~Sandbox() {
  impl_.reset();  // cgroup parents first: they hold nothing once runs are over
  std::error_code ec;
  if (!workspace_.empty()) std::filesystem::remove_all(workspace_, ec);
}

std::string Sandbox::Describe() const { return impl_->isolation->Describe(); }

const IsolationInfo& Sandbox::isolation() const { return impl_->info; }

std::vector<std::string> Sandbox::CgroupParents() const { return impl_->isolation->CgroupParents(); }

Result<std::unique_ptr<Sandbox>> Sandbox::Create(const SandboxOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->root = geteuid() == 0;
  impl->host_uid = getuid();
  impl->host_gid = getgid();
  // Without root we can only map our own ids into the namespace.
  impl->uid = impl->root ? options.uid : impl->host_uid;
  impl->gid = impl->root ? options.gid : impl->host_gid;
  if (impl->root && (impl->uid == 0 || impl->gid == 0)) {
    return Fail(ErrorCode::kInvalidArgument, "sandbox: refusing to run programs as uid/gid 0");
  }
  if (access("/usr/bin", X_OK) != 0) return Fail(ErrorCode::kUnavailable, "sandbox: /usr/bin is missing");

  auto chosen = ChooseIsolation();
  if (!chosen) return std::unexpected(chosen.error());
  impl->info = *chosen;
  auto isolation = internal::MakeIsolation(impl->info);
  if (!isolation) return std::unexpected(isolation.error());
  impl->isolation = std::move(*isolation);
  auto filter = internal::BuildSeccompFilter(impl->isolation->DenyUnaccountedMemory());
  if (!filter) return std::unexpected(std::move(filter.error()).With("sandbox"));
  impl->seccomp = std::move(*filter);
  impl->system_steps = SystemSteps();
  impl->blank = ArgvBlock();
  impl->cpus = std::max(1L, sysconf(_SC_NPROCESSORS_ONLN));

  std::error_code ec;
  std::filesystem::path parent = options.temp_parent.empty() ? std::filesystem::temp_directory_path(ec)
                                                             : options.temp_parent;
  if (ec || parent.empty()) parent = "/tmp";
  parent = std::filesystem::weakly_canonical(parent, ec);
  SweepStaleWorkspaces(parent);
  std::string pattern = (parent / fmt::format("{}{}.XXXXXX", kWorkspacePrefix, getpid())).string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return Fail(ErrorCode::kUnavailable, fmt::format("sandbox: cannot create a workspace in {}: {}", parent.string(), ErrnoText()));
  }
  // The sandbox uid must be able to traverse into it (for read-only binds), not list or write.
  chmod(pattern.c_str(), 0711);

  std::unique_ptr<Sandbox> sandbox(new Sandbox(std::move(impl)));
  sandbox->workspace_ = pattern;
  sandbox->uid_ = sandbox->impl_->uid;

  // Fail now, not on the first real run, if this kernel or host cannot do what we need.
  RunSpec probe;
  probe.argv = {"/bin/sh", "-c", "exit 0"};
  if (access("/bin/sh", X_OK) != 0) probe.argv = {"/usr/bin/true"};
  probe.limits.cpu = std::chrono::seconds(5);
  probe.limits.memory_bytes = 64LL << 20;
  auto result = sandbox->Run(probe);
  if (!result) {
    // Without root every mode needs unprivileged user namespaces; say what blocks them, and how
    // to lift it, rather than which mount failed.
    if (const std::string blocker = UserNamespaceBlocker(); !blocker.empty()) {
      return Fail(ErrorCode::kUnavailable, "sandbox: " + blocker + " (" + result.error().message + ")");
    }
    return std::unexpected(std::move(result.error()).With("sandbox self-test"));
  }
  if (!result->exited || result->exit_code != 0) {
    return Fail(ErrorCode::kUnavailable,
                fmt::format("sandbox self-test: a trivial program failed (exit {}, signal {}): {}", result->exit_code,
                            result->signal, result->stderr_data));
  }
  return sandbox;
}

Result<RunResult> Sandbox::Run(const RunSpec& spec) { return impl_->Run(spec); }

Status Sandbox::Impl::WriteIdMaps(pid_t pid) const {
  auto write_file = [&](const char* name, const std::string& value) -> Status {
    std::string path = fmt::format("/proc/{}/{}", pid, name);
    int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return Errno(path);
    ssize_t n = write(fd, value.data(), value.size());
    int saved = errno;
    close(fd);
    if (n != static_cast<ssize_t>(value.size())) {
      errno = saved;
      return Errno(path);
    }
    return {};
  };
  if (root) {
    // The same number inside and out, and nothing else mapped: no id in the namespace is root.
    if (auto s = write_file("uid_map", fmt::format("{} {} 1\n", uid, uid)); !s) return s;
    return write_file("gid_map", fmt::format("{} {} 1\n", gid, gid));
  }
  if (auto s = write_file("setgroups", "deny"); !s) return s;
  if (auto s = write_file("uid_map", fmt::format("{} {} 1\n", uid, host_uid)); !s) return s;
  return write_file("gid_map", fmt::format("{} {} 1\n", gid, host_gid));
}

Result<std::vector<MountStep>> Sandbox::Impl::RunSteps(const RunSpec& spec) const {
  const Limits& l = spec.limits;
  std::vector<MountStep> steps = system_steps;
  steps.push_back(Tmpfs("/newroot/dev/shm", l.shm_bytes, 4096, "1777"));
  steps.push_back(Tmpfs("/newroot/tmp", l.tmp_bytes, 4096, "1777"));
  steps.push_back(Tmpfs("/newroot/box", l.box_bytes, 16384, "0755"));
  for (const Mount& m : spec.mounts) {
    std::error_code ec;
    const std::filesystem::path host = std::filesystem::canonical(m.host_path, ec);
    if (ec) return Fail(ErrorCode::kInvalidArgument, fmt::format("sandbox: mount source {}: {}", m.host_path, ec.message()));
    const std::filesystem::path inside = std::filesystem::path(m.sandbox_path).lexically_normal();
    const std::string in = inside.string();
    if (!inside.is_absolute() || in == "/" || in.find("..") != std::string::npos) {
      return Fail(ErrorCode::kInvalidArgument, "sandbox: bad mount target " + m.sandbox_path);
    }
    for (const char* reserved : {"/usr", "/proc", "/dev", "/etc", "/bin", "/lib", "/lib64", "/sbin", "/box", "/tmp"}) {
      if (in == reserved || in.rfind(std::string(reserved) + "/", 0) == 0) {
        return Fail(ErrorCode::kInvalidArgument, "sandbox: mount target under a system path: " + in);
      }
    }
    // Parents of the target, then the target itself (a file for a file, a directory otherwise).
    std::filesystem::path partial = "/newroot";
    for (auto it = inside.begin(); it != inside.end(); ++it) {
      if (it->string() == "/") continue;
      partial /= *it;
      if (std::next(it) != inside.end()) steps.push_back(Mkdir(partial.string()));
    }
    if (std::filesystem::is_directory(host)) {
      steps.push_back(Mkdir(partial.string()));
    } else {
      steps.push_back(Touch(partial.string()));
    }
    BindSteps(steps, host.string(), in, m.writable);
  }
  steps.push_back(DoMount("", "/newroot", "", MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV));
  return steps;
}

namespace {

// stdin: a sealed memfd, so the program reads a plain file that ends and cannot change it.
// pwrite keeps the shared file offset at 0 for the program.
Result<Fd> SealedStdin(const std::string& data) {
  const int raw_memfd = memfd_create("r1-stdin", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (raw_memfd < 0) return std::unexpected(Errno("memfd_create").error());
  auto input = AboveStdio(raw_memfd);
  if (!input) return input;
  for (std::size_t off = 0; off < data.size();) {
    ssize_t n = pwrite(input->get(), data.data() + off, data.size() - off, static_cast<off_t>(off));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::unexpected(Errno("writing stdin").error());
    off += static_cast<std::size_t>(n);
  }
  fcntl(input->get(), F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
  return input;
}

// The run's descriptors: parent ends (read) and child ends (write, closed once pid 1 has them).
struct RunPipes {
  Fd out_r, out_w, err_r, err_w, setup_r, setup_w, status_r, status_w;
  Fd sync_parent, sync_child;

  Status Open() {
    for (auto [r, w] : {std::pair{&out_r, &out_w}, {&err_r, &err_w}, {&setup_r, &setup_w}, {&status_r, &status_w}}) {
      if (auto s = MakePipe(*r, *w); !s) return s;
    }
    fcntl(out_r.get(), F_SETPIPE_SZ, 1 << 20);  // fewer wake-ups for big outputs; best effort
    // Write-only for everyone: without root the program's uid owns these pipes, and reopening
    // /proc/self/fd/1 for reading would hand it its own stdout (reading it blocks until the wall
    // limit; a reader could also steal its output from the harness).
    for (int fd : {out_w.get(), err_w.get()}) fchmod(fd, 0200);
    for (int fd : {out_r.get(), err_r.get()}) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) return Errno("socketpair");
    sync_parent = Fd(pair[0]);
    auto child = AboveStdio(pair[1]);
    if (!child) return std::unexpected(child.error());
    sync_child = std::move(*child);
    return {};
  }
  void CloseChildEnds() {
    for (Fd* fd : {&out_w, &err_w, &setup_w, &status_w, &sync_child}) fd->Reset();
  }
};

}  // namespace

internal::ChildPlan Sandbox::Impl::Plan(const RunSpec& spec, std::vector<MountStep> steps) const {
  const Limits& limits = spec.limits;
  internal::ChildPlan plan;
  plan.uid = uid;
  plan.gid = gid;
  plan.drop_groups = root;
  plan.steps = std::move(steps);
  plan.argv = spec.argv;
  plan.env = {"PATH=/usr/bin:/bin", "HOME=/box", "TMPDIR=/tmp", "LANG=C.UTF-8"};
  for (const std::string& var : spec.env) {
    const std::string key = var.substr(0, var.find('=') + 1);
    std::erase_if(plan.env, [&](const std::string& existing) { return existing.rfind(key, 0) == 0; });
    plan.env.push_back(var);
  }
  plan.workdir = "/box";
  const rlim_t stack = static_cast<rlim_t>(limits.stack_bytes > 0 ? limits.stack_bytes : limits.memory_bytes / 2);
  // Hard limits can only be lowered without CAP_SYS_RESOURCE in the initial namespace.
  auto clamp = [](int resource, rlim_t value) {
    rlimit current{};
    getrlimit(resource, &current);
    return std::pair<int, rlim_t>{resource, std::min(value, current.rlim_max)};
  };
  plan.rlimits = {clamp(RLIMIT_CORE, 0),
                  clamp(RLIMIT_FSIZE, static_cast<rlim_t>(limits.box_bytes)),
                  clamp(RLIMIT_STACK, stack),
                  clamp(RLIMIT_NOFILE, static_cast<rlim_t>(limits.open_files)),
                  clamp(RLIMIT_MEMLOCK, 0),
                  clamp(RLIMIT_MSGQUEUE, 0),
                  // A per-process backstop only; the isolation's watchdog is the real CPU limit.
                  clamp(RLIMIT_CPU, static_cast<rlim_t>(limits.cpu.count() / 1000 + 2))};
  std::vector<std::pair<int, rlim_t>> extra;
  isolation->AddRlimits(limits, extra);
  for (const auto& [resource, value] : extra) plan.rlimits.push_back(clamp(resource, value));
  plan.seccomp = seccomp;
  plan.blank_start = blank.first;
  plan.blank_size = blank.second;
  return plan;
}

Result<RunResult> Sandbox::Impl::Run(const RunSpec& spec) {
  if (spec.argv.empty() || spec.argv[0].empty() || spec.argv[0][0] != '/') {
    return Fail(ErrorCode::kInvalidArgument, "sandbox: argv[0] must be an absolute path inside the sandbox");
  }
  auto steps = RunSteps(spec);
  if (!steps) return std::unexpected(steps.error());
  auto limiter = isolation->CreateRun(spec.limits);
  if (!limiter) return std::unexpected(std::move(limiter.error()).With("sandbox"));
  auto input = SealedStdin(spec.stdin_data);
  if (!input) return std::unexpected(input.error());
  RunPipes pipes;
  if (auto opened = pipes.Open(); !opened) return std::unexpected(opened.error());

  internal::ChildPlan plan = Plan(spec, std::move(*steps));
  plan.stdin_fd = input->get();
  plan.stdout_fd = pipes.out_w.get();
  plan.stderr_fd = pipes.err_w.get();
  plan.sync_fd = pipes.sync_child.get();
  plan.setup_fd = pipes.setup_w.get();
  plan.status_fd = pipes.status_w.get();
  auto child = internal::CloneSandboxInit(plan);
  if (!child) return std::unexpected(child.error());
  Fd pidfd(child->pidfd);
  const std::function<void()> kill_tree = [&] { syscall(SYS_pidfd_send_signal, pidfd.get(), SIGKILL, nullptr, 0); };
  auto reap = [&] {
    int st;
    while (waitpid(child->pid, &st, __WALL) < 0 && errno == EINTR) {
    }
  };
  input->Reset();
  pipes.CloseChildEnds();

  // pid 1 waits for this byte: ids mapped and limits attached.
  Status started = WriteIdMaps(child->pid);
  if (started) started = (*limiter)->Attach(child->pid);
  if (started && send(pipes.sync_parent.get(), "g", 1, MSG_NOSIGNAL) != 1) started = Errno("releasing the sandbox");
  pipes.sync_parent.Reset();
  if (!started) {
    kill_tree();
    reap();
    return std::unexpected(started.error());
  }
  internal::Watched watched = internal::Watch({pipes.out_r.get(), pipes.err_r.get(), pipes.setup_r.get(), pipes.status_r.get()},
                                              spec.limits, **limiter, kill_tree, cpus);
  // pid 1 exits right after reporting, which kills the rest of the namespace; make sure.
  kill_tree();
  reap();
  Status removed;
  const internal::RunFigures figures = (*limiter)->Finish(watched.program_status, &removed);
  return internal::Conclude(std::move(watched), figures, std::move(removed), plan);
}

}  // namespace r1::sandbox
