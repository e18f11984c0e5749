// The parent's watch over a run, and its result (watch.h).
#include "watch.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <string>

namespace r1::sandbox::internal {
namespace {

using Clock = std::chrono::steady_clock;

class Watcher {
 public:
  Watcher(const WatchedFds& fds, const Limits& limits, RunLimiter& limiter,
          const std::function<void()>& kill_tree, long cpus)
      : fds_(fds), limits_(limits), limiter_(limiter), kill_tree_(kill_tree), cpus_(cpus) {}

  Watched Run() {
    w_.start = w_.end = Clock::now();
    while (out_open_ || err_open_ || status_open_ || setup_open_) {
      if (w_.killed && Clock::now() - killed_at_ > std::chrono::seconds(5)) {
        break;  // something in the run will not die; removing its cgroup reports it
      }
      pollfd fds[4];
      int n = 0;
      int out_i = -1, err_i = -1, setup_i = -1, status_i = -1;
      if (out_open_) fds[out_i = n++] = {fds_.out, POLLIN, 0};
      if (err_open_) fds[err_i = n++] = {fds_.err, POLLIN, 0};
      if (setup_open_) fds[setup_i = n++] = {fds_.setup, POLLIN, 0};
      if (status_open_) fds[status_i = n++] = {fds_.status, POLLIN, 0};
      if (poll(fds, static_cast<nfds_t>(n), TimeoutMs()) < 0 && errno != EINTR) {
        KillOnce();
        break;
      }
      if (out_i >= 0 && fds[out_i].revents) {
        Drain(fds_.out, out_open_, w_.result.stdout_data, limits_.stdout_bytes,
              w_.result.stdout_total, limits_.stdout_bytes);
      }
      if (err_i >= 0 && fds[err_i].revents) {
        Drain(fds_.err, err_open_, w_.result.stderr_data, limits_.stderr_keep_bytes,
              w_.result.stderr_total, limits_.stderr_bytes);
      }
      if (setup_i >= 0 && fds[setup_i].revents) OnSetupRecord();
      if (status_i >= 0 && fds[status_i].revents) OnStatusRecord();
      if (!w_.killed && !w_.have_status) CheckLimits();
    }
    return std::move(w_);
  }

 private:
  // Sleep no longer than the program could take to use up its CPU budget on every core.
  int TimeoutMs() {
    if (w_.killed || w_.have_status) return 50;
    const std::int64_t left_ns = CpuLimitNs() - limiter_.CpuNanos();
    const auto wall_left = std::chrono::duration_cast<std::chrono::milliseconds>(
                               w_.start + limits_.EffectiveWall() - Clock::now())
                               .count();
    return static_cast<int>(std::clamp<std::int64_t>(
        std::min<std::int64_t>(left_ns / 1'000'000 / cpus_, wall_left), 1, 50));
  }
  std::int64_t CpuLimitNs() const {
    return static_cast<std::int64_t>(limits_.cpu.count()) * 1'000'000;
  }

  void CheckLimits() {
    if (limiter_.Tick()) {
      w_.memory_killed = true;
      KillOnce();
    } else if (limiter_.CpuNanos() > CpuLimitNs()) {
      w_.result.cpu_limit_hit = true;
      KillOnce();
    } else if (Clock::now() - w_.start > limits_.EffectiveWall()) {
      w_.result.wall_limit_hit = true;
      KillOnce();
    }
  }

  void KillOnce() {
    if (w_.killed) return;
    w_.killed = true;
    killed_at_ = Clock::now();
    if (!w_.have_status) w_.end = killed_at_;
    kill_tree_();
  }

  // Reads what is there now; keeps the first `keep_max` bytes and kills the run past `hard_max`.
  void Drain(int fd, bool& open, std::string& keep, std::int64_t keep_max, std::int64_t& total,
             std::int64_t hard_max) {
    char buf[65536];
    for (;;) {
      const ssize_t n = read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return;  // EAGAIN: drained for now
      if (n == 0) {
        open = false;
        return;
      }
      total += n;
      const auto kept = static_cast<std::int64_t>(keep.size());
      if (kept < keep_max)
        keep.append(buf, static_cast<std::size_t>(std::min<std::int64_t>(n, keep_max - kept)));
      if (total > hard_max && !w_.result.output_limit_hit) {
        w_.result.output_limit_hit = true;
        KillOnce();
      }
    }
  }

  static void ReadRecord(int fd, bool& open, std::string& bytes) {
    char buf[64];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) < 0 && errno == EINTR) {
    }
    if (n <= 0) {
      open = false;
    } else {
      bytes.append(buf, static_cast<std::size_t>(n));
    }
  }

  void OnSetupRecord() {
    ReadRecord(fds_.setup, setup_open_, setup_bytes_);
    if (setup_bytes_.size() >= sizeof(SetupFailure) && !w_.setup_failure) {
      w_.setup_failure.emplace();
      std::memcpy(&*w_.setup_failure, setup_bytes_.data(), sizeof(SetupFailure));
      KillOnce();
    }
    if (!setup_open_ && !w_.setup_failure && !w_.killed) w_.exec_confirmed = true;
  }

  void OnStatusRecord() {
    ReadRecord(fds_.status, status_open_, status_bytes_);
    if (!w_.have_status && status_bytes_.size() >= sizeof w_.program_status) {
      std::memcpy(&w_.program_status, status_bytes_.data(), sizeof w_.program_status);
      w_.have_status = true;
      if (!w_.killed) w_.end = Clock::now();
    }
  }

  const WatchedFds& fds_;
  const Limits& limits_;
  RunLimiter& limiter_;
  const std::function<void()>& kill_tree_;
  const long cpus_;
  Watched w_;
  bool out_open_ = true, err_open_ = true, setup_open_ = true, status_open_ = true;
  Clock::time_point killed_at_{};
  std::string status_bytes_, setup_bytes_;
};

}  // namespace

Watched Watch(const WatchedFds& fds, const Limits& limits, RunLimiter& limiter,
              const std::function<void()>& kill_tree, long cpus) {
  return Watcher(fds, limits, limiter, kill_tree, cpus).Run();
}

Result<RunResult> Conclude(Watched w, const RunFigures& figures, Status removed,
                           const ChildPlan& plan) {
  if (w.setup_failure)
    return Fail(ErrorCode::kInternal, DescribeSetupFailure(plan, *w.setup_failure));
  if (!removed) return std::unexpected(removed.error());
  if (!w.exec_confirmed && !w.have_status) {
    return Fail(ErrorCode::kInternal, w.killed
                                          ? "sandbox: setup did not finish within the time limit"
                                          : "sandbox: pid 1 died before starting the program");
  }
  RunResult result = std::move(w.result);
  result.cpu_ms =
      std::max<std::int64_t>(0, figures.cpu_ns - w.program_status.init_cpu_ns) / 1'000'000;
  result.wall_ms = std::chrono::duration_cast<std::chrono::milliseconds>(w.end - w.start).count();
  result.memory_kb = figures.peak_bytes / 1024;
  result.oom_kills = figures.oom_kills;
  result.tasks_limit_hit = figures.tasks_limit_hits > 0;
  const int wait_status = w.program_status.wait_status;
  if (w.have_status && WIFEXITED(wait_status)) {
    result.exited = true;
    result.exit_code = WEXITSTATUS(wait_status);
  } else if (w.have_status && WIFSIGNALED(wait_status)) {
    result.signal = WTERMSIG(wait_status);
  } else if (w.killed || figures.oom_kills > 0 || w.memory_killed) {
    // Our kill (or the OOM killer's) took pid 1 before the program's status was reported.
    result.signal = SIGKILL;
  } else {
    return Fail(ErrorCode::kInternal, "sandbox: the program's status was lost");
  }
  return result;
}

}  // namespace r1::sandbox::internal
