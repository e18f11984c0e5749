// ServedProcess on real processes: the whole group is stopped, SIGKILL follows an ignored
// SIGTERM, the log is kept, and the log's tail is read back.
#include "r1/models/served_process.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <thread>

#include "temp_dir.h"

namespace r1::models {
namespace {

using testing::ReadFile;
using testing::TempDir;

bool WaitFor(const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

}  // namespace

TEST_CASE("Stop ends every process of the group including background children",
          "[models][serve]") {
  TempDir tmp;
  auto process = ServedProcess::Start("echo started; sleep 60 & sleep 60 & wait", tmp / "log",
                                      std::chrono::seconds(5));
  REQUIRE(process.has_value());
  const pid_t group = (*process)->process_group();
  // The shell, its two children and the watchdog.
  REQUIRE(WaitFor([&] { return LiveGroupMembers(group).size() >= 4; }));
  CHECK((*process)->Running());
  const StopReport report = (*process)->Stop();
  CHECK(report.was_running);
  CHECK_FALSE(report.killed);  // sleep ends on SIGTERM
  CHECK(report.left == 0);
  CHECK(LiveGroupMembers(group).empty());
  CHECK((*process)->ExitDescription() == "killed by signal 15");
  CHECK(ReadFile(tmp / "log").find("started") != std::string::npos);
  CHECK(ReadFile(tmp / "log").starts_with("==== r1-eval --serve, "));
  CHECK((*process)->Stop().was_running == false);  // idempotent
}

TEST_CASE("a process that ignores SIGTERM is killed after the grace period", "[models][serve]") {
  TempDir tmp;
  auto process = ServedProcess::Start("(trap '' TERM; exec sleep 60) & wait", tmp / "log",
                                      std::chrono::seconds(1));
  REQUIRE(process.has_value());
  const pid_t group = (*process)->process_group();
  REQUIRE(WaitFor([&] { return LiveGroupMembers(group).size() >= 3; }));
  const auto start = std::chrono::steady_clock::now();
  const StopReport report = (*process)->Stop();
  CHECK(report.killed);
  CHECK(report.left == 0);
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(900));
  CHECK(LiveGroupMembers(group).empty());
}

TEST_CASE("an exited command is seen as such with its status", "[models][serve]") {
  TempDir tmp;
  auto process = ServedProcess::Start("exit 3", tmp / "log", std::chrono::seconds(1));
  REQUIRE(process.has_value());
  REQUIRE(WaitFor([&] { return !(*process)->Running(); }));
  CHECK((*process)->ExitDescription() == "exited with status 3");
  CHECK((*process)->Stop().left == 0);
}

TEST_CASE("the log is appended to and never truncated and its tail is read back",
          "[models][serve]") {
  TempDir tmp;
  tmp.Write("log", "an earlier run\n");
  auto process = ServedProcess::Start("for i in 1 2 3 4 5; do echo line $i; done; echo oops >&2",
                                      tmp / "log", std::chrono::seconds(1));
  REQUIRE(process.has_value());
  REQUIRE(WaitFor([&] { return !(*process)->Running(); }));
  CHECK(ReadFile(tmp / "log").starts_with("an earlier run\n==== r1-eval --serve"));
  CHECK(LastLines(tmp / "log", 3) == "line 4\nline 5\noops");
  CHECK(LastLines(tmp / "missing", 3).empty());
  CHECK_FALSE(ServedProcess::Start("true", tmp / "no/such/dir/log", std::chrono::seconds(1)));
}

}  // namespace r1::models
