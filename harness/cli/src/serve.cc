// See serve.h.
#include "serve.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <thread>

namespace r1::cli {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kLogLines = 20;           // shown when the server dies or never answers
constexpr int kProbeTimeoutMs = 2000;   // one /v1/models attempt
constexpr auto kProbeInterval = std::chrono::milliseconds(500);

std::string Tail(const models::ServedProcess& process) {
  const std::string tail = models::LastLines(process.log_path(), kLogLines);
  if (tail.empty()) return " (" + process.log_path() + " is empty)";
  return fmt::format("; the last lines of {}:\n{}", process.log_path(), tail);
}

std::string Duration(int seconds) {
  if (seconds % 60 == 0 && seconds >= 60) return fmt::format("{} min", seconds / 60);
  return fmt::format("{} s", seconds);
}

}  // namespace

Serving::Serving(std::unique_ptr<models::ServedProcess> process) : process_(std::move(process)) {}

Serving::~Serving() {
  const bool died = !process_->Running();
  const std::string how = process_->ExitDescription();
  const models::StopReport report = process_->Stop();
  if (died && reported_) {
    // Said already, with the log's last lines.
  } else if (died) {
    std::fprintf(stderr, "r1-eval: --serve: the server had already %s during the run%s\n",
                 how.c_str(), Tail(*process_).c_str());
  } else {
    std::fprintf(stderr, "r1-eval: --serve: stopped the server (%s, %.1f s)\n",
                 report.killed ? "SIGKILL after the grace period: it ignored SIGTERM" : "SIGTERM",
                 report.seconds);
  }
  if (report.left > 0) {
    std::fprintf(stderr,
                 "r1-eval: --serve: %d process(es) of group %d are still alive after SIGKILL\n",
                 report.left, static_cast<int>(process_->process_group()));
  }
}

Result<std::unique_ptr<Serving>> StartServing(const ServeOptions& serve, const ModelOptions& model,
                                              const std::string& db,
                                              const std::atomic<bool>& interrupted) {
  if (serve.command.empty()) return std::unique_ptr<Serving>();
  // Also rejects --model forms --serve cannot wait for.
  auto already = ServedServerAnswers(model, kProbeTimeoutMs);
  if (!already) return std::unexpected(already.error());
  if (*already) {
    return Fail(ErrorCode::kInvalidArgument,
                "--serve: a server already answers at " + **already +
                    "; stop it first, or leave out --serve to evaluate that one");
  }
  const std::string log_path = db + ".serve.log";
  auto process = models::ServedProcess::Start(serve.command, log_path,
                                              std::chrono::seconds(serve.grace_s));
  if (!process) return std::unexpected(process.error());
  auto serving = std::make_unique<Serving>(std::move(*process));
  models::ServedProcess& server = serving->process();
  std::fprintf(stderr,
               "r1-eval: --serve: started `%s` (process group %d, output in %s); waiting up to %s "
               "for %s to answer /v1/models\n",
               serve.command.c_str(), static_cast<int>(server.process_group()), log_path.c_str(),
               Duration(serve.timeout_s).c_str(),
               model.model == "local" ? "a local server" : model.model.c_str());
  const Clock::time_point start = Clock::now();
  const auto deadline = start + std::chrono::seconds(serve.timeout_s);
  while (true) {
    if (interrupted.load()) {
      return Fail(ErrorCode::kCancelled, "--serve: interrupted while the server was starting");
    }
    if (!server.Running()) {
      serving->MarkReported();
      return Fail(ErrorCode::kUnavailable, "--serve: the server " + server.ExitDescription() +
                                               " before it answered /v1/models" + Tail(server));
    }
    auto answered = ServedServerAnswers(model, kProbeTimeoutMs);
    if (!answered) return std::unexpected(answered.error());
    if (*answered) {
      std::fprintf(stderr, "r1-eval: --serve: %s answers after %.1f s\n", (*answered)->c_str(),
                   std::chrono::duration<double>(Clock::now() - start).count());
      return serving;
    }
    if (Clock::now() >= deadline) {
      serving->MarkReported();
      return Fail(ErrorCode::kUnavailable,
                  "--serve: the server did not answer /v1/models within " +
                      Duration(serve.timeout_s) + " (--serve-timeout)" + Tail(server));
    }
    std::this_thread::sleep_for(kProbeInterval);
  }
}

}  // namespace r1::cli
