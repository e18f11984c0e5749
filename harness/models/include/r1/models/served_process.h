// A model server started by r1-eval (`--serve "CMD"`): the command runs under /bin/sh in its own
// process group with its output appended to a log file, and is stopped as a group: SIGTERM, a
// grace period, then SIGKILL. A watchdog process in the same group stops it the same way if
// r1-eval itself dies without stopping it (kill -9, a crash), so the server is never left
// running. Boost.Process stays inside this module.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "r1/core/error.h"

namespace r1::models {

struct StopReport {
  bool was_running = false;   ///< the command was still running when asked to stop
  bool killed = false;        ///< SIGKILL was needed: the grace period passed
  double seconds = 0;         ///< from the SIGTERM until the group was gone
  int left = 0;               ///< live processes still in the group afterwards (should be 0)
};

class ServedProcess {
 public:
  /// Starts `/bin/sh -c command`, stdin from /dev/null, stdout and stderr appended to
  /// `log_path` after a header line. kUnavailable when it cannot be started or the log
  /// cannot be opened.
  static Result<std::unique_ptr<ServedProcess>> Start(const std::string& command,
                                                      const std::string& log_path,
                                                      std::chrono::seconds grace);
  /// Stops the group (see Stop) if that has not happened yet.
  ~ServedProcess();

  ServedProcess(const ServedProcess&) = delete;
  ServedProcess& operator=(const ServedProcess&) = delete;

  pid_t pid() const { return pid_; }
  pid_t process_group() const { return pid_; }  ///< the command leads its own group
  const std::string& log_path() const { return log_path_; }

  /// False once the command (the shell running it) has exited; then ExitDescription() says how.
  bool Running();
  /// "exited with status 1", "killed by signal 9"; empty while running.
  std::string ExitDescription() const { return exit_description_; }

  /// SIGTERM to the whole group, up to the grace period for every process in it to end, then
  /// SIGKILL to what is left. Idempotent; the second call reports nothing new.
  StopReport Stop();

 private:
  struct Impl;
  ServedProcess(std::unique_ptr<Impl> impl, pid_t pid, std::string log_path,
                std::chrono::seconds grace);

  std::unique_ptr<Impl> impl_;
  pid_t pid_;
  std::string log_path_;
  std::chrono::seconds grace_;
  std::string exit_description_;
  bool stopped_ = false;
};

/// Processes in process group `pgid` that are alive (zombies waiting to be reaped are not),
/// from /proc. Empty once the group is gone.
std::vector<pid_t> LiveGroupMembers(pid_t pgid);

/// The last `lines` lines of a text file ("" when unreadable), for error messages.
std::string LastLines(const std::string& path, int lines);

}  // namespace r1::models
