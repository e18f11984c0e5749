// The live progress line; one carriage-returned line on a terminal, a line every 10 s otherwise.
#include "console_progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace r1::cli {

std::string FormatProgress(const std::string& title, const runner::Progress& p) {
  int session_done = p.done - p.resumed + p.errors;
  double rate = p.elapsed_s > 0 ? session_done / p.elapsed_s : 0;
  int left = p.total - p.done - p.errors;
  std::string eta = "--:--";
  if (rate > 0 && left > 0) {
    long secs = static_cast<long>(left / rate);
    eta = fmt::format("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
  } else if (left <= 0) {
    eta = "0:00:00";
  }
  return fmt::format("{}  {}/{} samples  {:.1f}/s  ETA {}  retries {}  errors {}  in flight {}/{}",
                     title, p.done, p.total, rate, eta, p.retries, p.errors, p.in_flight,
                     p.concurrency);
}

ConsoleProgress::ConsoleProgress(std::string title)
    : title_(std::move(title)), tty_(::isatty(STDERR_FILENO) != 0) {}

void ConsoleProgress::Update(const runner::Progress& progress, bool final) {
  std::string line = FormatProgress(title_, progress);
  if (tty_) {
    std::fprintf(stderr, "\r\033[K%s%s", line.c_str(), final ? "\n" : "");
    std::fflush(stderr);
    return;
  }
  auto now = std::chrono::steady_clock::now();
  if (final || now - last_plain_ > std::chrono::seconds(10)) {
    last_plain_ = now;
    std::fprintf(stderr, "%s\n", line.c_str());
  }
}

}  // namespace r1::cli
