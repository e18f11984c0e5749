// ServedProcess; see r1/models/served_process.h.
#include "r1/models/served_process.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/process/args.hpp>
#include <boost/process/child.hpp>
#include <boost/process/exe.hpp>
#include <boost/process/extend.hpp>
#include <boost/process/group.hpp>
#include <boost/process/io.hpp>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace bp = boost::process;

namespace r1::models {
namespace {

using Clock = std::chrono::steady_clock;

std::string UtcNow() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

std::string StatusText(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  return "ended (wait status " + std::to_string(status) + ")";
}

// Sleeps through signals (the watchdog must wait out the grace period whatever happens).
void SleepFor(std::chrono::milliseconds duration) {
  timespec left{static_cast<time_t>(duration.count() / 1000),
                static_cast<long>(duration.count() % 1000) * 1'000'000};
  while (nanosleep(&left, &left) == -1 && errno == EINTR) {
  }
}

// The watchdog: a fork of r1-eval (no exec, only async-signal-safe calls) that joins the
// server's group and blocks on the read end of a pipe whose write end only r1-eval holds.
// When r1-eval closes it or dies in any way, the read returns and the watchdog stops the group
// as Stop() would. It ignores SIGTERM so that it outlives the group's SIGTERM to send the
// SIGKILL; Stop() ends it with that SIGKILL.
[[noreturn]] void Watchdog(int read_end, pid_t group, std::chrono::seconds grace,
                           const sigset_t& unblock) {
  // The parent's handlers must never run here: a SIGTERM sent to the group right after the
  // fork was blocked until now and is discarded once ignored.
  ::signal(SIGTERM, SIG_IGN);
  ::signal(SIGINT, SIG_IGN);
  ::signal(SIGHUP, SIG_IGN);
  ::pthread_sigmask(SIG_SETMASK, &unblock, nullptr);
  if (::setpgid(0, group) != 0) ::_exit(0);  // the group is already gone
  char byte = 0;
  while (::read(read_end, &byte, 1) == -1 && errno == EINTR) {
  }
  ::killpg(group, SIGTERM);
  SleepFor(grace);
  ::killpg(group, SIGKILL);  // this process included
  ::_exit(0);
}

}  // namespace

struct ServedProcess::Impl {
  bp::group group;
  bp::child child;
  pid_t watchdog = -1;
  int lifeline = -1;  ///< write end of the watchdog's pipe
};

Result<std::unique_ptr<ServedProcess>> ServedProcess::Start(const std::string& command,
                                                            const std::string& log_path,
                                                            std::chrono::seconds grace) {
  const int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) {
    return Fail(ErrorCode::kUnavailable,
                "--serve: cannot write the server log " + log_path + ": " + std::strerror(errno));
  }
  const std::string header = "==== r1-eval --serve, " + UtcNow() + ": " + command + "\n";
  (void)!::write(log, header.data(), header.size());

  auto impl = std::make_unique<Impl>();
  std::error_code error;
  // In the child, between fork and exec: the log becomes stdout and stderr (dup2 clears
  // O_CLOEXEC on the copies). bp::group puts the child in a new process group it leads.
  impl->child = bp::child(bp::exe = "/bin/sh", bp::args = std::vector<std::string>{"-c", command},
                          impl->group, bp::std_in < bp::null,
                          bp::extend::on_exec_setup =
                              [log](auto&) {
                                ::dup2(log, STDOUT_FILENO);
                                ::dup2(log, STDERR_FILENO);
                              },
                          error);
  ::close(log);
  if (error || !impl->child.valid()) {
    return Fail(ErrorCode::kUnavailable, "--serve: cannot start `" + command + "`: " +
                                             (error ? error.message() : "unknown error"));
  }
  const pid_t pid = impl->child.id();

  // Made after the server started, close-on-exec: the server never holds the write end.
  int line[2];
  if (::pipe2(line, O_CLOEXEC) == 0) {
    sigset_t stop_signals, previous;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGHUP);
    ::pthread_sigmask(SIG_BLOCK, &stop_signals, &previous);
    const pid_t watchdog = ::fork();
    if (watchdog == 0) {
      ::close(line[1]);
      Watchdog(line[0], pid, grace, previous);
    }
    ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    ::close(line[0]);
    if (watchdog > 0) {
      // Also from here, so the watchdog is in the group before anyone signals it.
      ::setpgid(watchdog, pid);
      impl->watchdog = watchdog;
      impl->lifeline = line[1];
    } else {
      ::close(line[1]);
    }
  }
  return std::unique_ptr<ServedProcess>(new ServedProcess(std::move(impl), pid, log_path, grace));
}

ServedProcess::ServedProcess(std::unique_ptr<Impl> impl, pid_t pid, std::string log_path,
                             std::chrono::seconds grace)
    : impl_(std::move(impl)), pid_(pid), log_path_(std::move(log_path)), grace_(grace) {}

ServedProcess::~ServedProcess() { Stop(); }

bool ServedProcess::Running() {
  if (!exit_description_.empty()) return false;
  int status = 0;
  const pid_t done = ::waitpid(pid_, &status, WNOHANG);
  if (done == 0) return true;
  exit_description_ = done == pid_ ? StatusText(status) : "ended";
  // Reaped here, not by Boost: tell the child object so its destructor leaves it alone.
  impl_->child.detach();
  return false;
}

StopReport ServedProcess::Stop() {
  StopReport report;
  if (stopped_) return report;
  stopped_ = true;
  report.was_running = Running();
  const Clock::time_point start = Clock::now();
  ::killpg(pid_, SIGTERM);
  const auto others = [this] {
    std::vector<pid_t> members = LiveGroupMembers(pid_);
    std::erase(members, impl_->watchdog);
    return members;
  };
  while (true) {
    Running();  // reaps the shell as soon as it ends
    if (others().empty()) break;
    if (Clock::now() - start >= grace_) {
      report.killed = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::killpg(pid_, SIGKILL);  // what ignored SIGTERM, and the watchdog
  if (impl_->lifeline >= 0) ::close(impl_->lifeline);
  if (impl_->watchdog > 0) ::waitpid(impl_->watchdog, nullptr, 0);
  if (Running()) {
    int status = 0;
    if (::waitpid(pid_, &status, 0) == pid_) exit_description_ = StatusText(status);
    impl_->child.detach();
  }
  // SIGKILL is not instant: wait (briefly) until nothing in the group is alive.
  const Clock::time_point kill_deadline = Clock::now() + std::chrono::seconds(5);
  while (!LiveGroupMembers(pid_).empty() && Clock::now() < kill_deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  report.left = static_cast<int>(LiveGroupMembers(pid_).size());
  impl_->group.detach();  // already gone: its destructor must not signal a reused id
  report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return report;
}

std::vector<pid_t> LiveGroupMembers(pid_t pgid) {
  std::vector<pid_t> members;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "stat");
    std::string stat;
    if (!std::getline(in, stat)) continue;  // ended meanwhile
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
    const std::size_t close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream fields(stat.substr(close + 1));
    char state = 0;
    long ppid = 0, pgrp = 0;
    if (!(fields >> state >> ppid >> pgrp)) continue;
    if (pgrp == pgid && state != 'Z' && state != 'X') members.push_back(std::stoi(name));
  }
  return members;
}

std::string LastLines(const std::string& path, int lines) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  // Server logs grow large; the end is enough.
  constexpr std::streamoff kTail = 64 * 1024;
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  in.seekg(size > kTail ? size - kTail : 0);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> all;
  std::istringstream split(text);
  for (std::string line; std::getline(split, line);) all.push_back(std::move(line));
  std::string out;
  const std::size_t first = all.size() > static_cast<std::size_t>(lines) ? all.size() - lines : 0;
  for (std::size_t i = first; i < all.size(); ++i) out += (out.empty() ? "" : "\n") + all[i];
  return out;
}

}  // namespace r1::models
