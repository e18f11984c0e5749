// The live progress line: done/total samples, rate, ETA, retries, errors, in flight.
#pragma once

#include <chrono>
#include <string>

#include "r1/runner/runner.h"

namespace r1::cli {

class ConsoleProgress final : public runner::ProgressSink {
 public:
  explicit ConsoleProgress(std::string title);
  void Update(const runner::Progress& progress, bool final) override;

 private:
  std::string title_;
  bool tty_;
  std::chrono::steady_clock::time_point last_plain_{};
};

std::string FormatProgress(const std::string& title, const runner::Progress& p);

}  // namespace r1::cli
