// Signal handling; see interrupt.h.
#include "interrupt.h"

#include <csignal>

namespace r1::cli {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void OnSignal(int signo) {
  g_interrupted.store(true);
  std::signal(signo, SIG_DFL);  // a second Ctrl-C ends the process at once
}

}  // namespace

const std::atomic<bool>& InstallInterruptHandler() {
  struct sigaction action {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  return g_interrupted;
}

}  // namespace r1::cli
