// `--serve "CMD"`: start the model server before the run, wait until it answers /v1/models, and
// stop it after the run whatever happens (success, failure, Ctrl-C, a fatal error; if r1-eval
// itself is killed, the server's watchdog stops it). Its output goes to <db>.serve.log.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "model_target.h"
#include "r1/core/error.h"
#include "r1/models/served_process.h"

namespace r1::cli {

struct ServeOptions {
  std::string command;    ///< --serve; empty: serve nothing
  int timeout_s = 1200;   ///< --serve-timeout: big models take many minutes to load
  int grace_s = 10;       ///< --serve-grace: between SIGTERM and SIGKILL
};

/// The running server; stopping it is the destructor's job, so every way out of the run stops it.
class Serving {
 public:
  explicit Serving(std::unique_ptr<models::ServedProcess> process);
  ~Serving();  ///< stops the server and says how it went
  Serving(const Serving&) = delete;
  Serving& operator=(const Serving&) = delete;

  models::ServedProcess& process() { return *process_; }
  /// The server's end was already reported (with its log): the destructor only stops it.
  void MarkReported() { reported_ = true; }

 private:
  std::unique_ptr<models::ServedProcess> process_;
  bool reported_ = false;
};

/// nullptr without --serve. Otherwise starts the command, prints where its log is, and waits
/// until the server --model names answers. kUnavailable (exit 3) when the server exits first
/// or does not answer in time, with the log's last lines; kCancelled on Ctrl-C;
/// kInvalidArgument for a --model that --serve cannot wait for, or when a server already
/// answers there (the evaluation would silently go to that one).
Result<std::unique_ptr<Serving>> StartServing(const ServeOptions& serve, const ModelOptions& model,
                                              const std::string& db,
                                              const std::atomic<bool>& interrupted);

}  // namespace r1::cli
