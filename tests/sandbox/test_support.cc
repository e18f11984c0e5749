#include "test_support.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>

#include <catch2/catch.hpp>

namespace r1::sandbox::testing {
namespace {

struct Fixture {
  std::string canary;
  std::string canary_path;
  int canary_fd = -1;
  std::unique_ptr<SandboxRunner> runner;

  Fixture() {
    RemoveStaleCanaries();
    std::random_device rd;
    canary = "R1CANARY" + std::to_string(rd()) + std::to_string(rd());
    setenv("R1_TEST_CANARY", canary.c_str(), 1);
    canary_path = "/tmp/r1-sandbox-test-canary." + std::to_string(getpid());
    std::ofstream(canary_path) << "secret store contents: " << canary << "\n";
    // Deliberately inheritable: a sandbox that forgets to close descriptors leaks it.
    canary_fd = open(canary_path.c_str(), O_RDONLY);

    RunnerOptions options;
    options.sandbox.uid = options.sandbox.gid = SandboxUid();
    options.workers = 2;
    options.stdout_limit_bytes = 8LL << 20;
    // 6 s: a benign bits/stdc++.h compile takes about 1 s of CPU here when quiet but 3.3 s at load 9
    // (this VM's CPU accounting inflates under load): 3 s failed "compile once" while a qemu VM ran.
    // The bombs still end on this limit, well below production's 10 s.
    options.compile_limits.cpu = std::chrono::milliseconds(static_cast<long>(6000 * TimeScale()));
    options.compile_limits.wall = std::chrono::milliseconds(static_cast<long>(15000 * TimeScale()));  // CPU ends the bombs; wall only if the machine is swamped
    options.compile_limits.memory_bytes = 768LL << 20;
    auto created = SandboxRunner::Create(options);
    if (!created) {
      close(canary_fd);
      unlink(canary_path.c_str());
      FAIL("cannot create the sandbox: " << created.error().message);
    }
    runner = std::move(*created);
  }

  // Canary files of test processes that died without cleaning up.
  static void RemoveStaleCanaries() {
    const std::string prefix = "r1-sandbox-test-canary.";
    DIR* d = opendir("/tmp");
    while (dirent* e = d ? readdir(d) : nullptr) {
      const std::string name = e->d_name;
      if (name.rfind(prefix, 0) != 0) continue;
      const pid_t pid = static_cast<pid_t>(std::atoi(name.c_str() + prefix.size()));
      if (pid > 0 && kill(pid, 0) != 0 && errno == ESRCH) unlink(("/tmp/" + name).c_str());
    }
    if (d) closedir(d);
  }

  ~Fixture() {
    runner.reset();
    if (canary_fd >= 0) close(canary_fd);
    unlink(canary_path.c_str());
  }
};

Fixture& GetFixture() {
  static Fixture fixture;
  return fixture;
}

}  // namespace

uid_t SandboxUid() {
  // Without root the sandbox can only run programs as our own uid (as_user.sh runs us so).
  if (geteuid() != 0) return getuid();
  // Distinct per test process (ctest runs several at once), far from real users.
  return static_cast<uid_t>(200000 + getpid() % 100000);
}

double TimeScale() {
  const char* text = std::getenv("R1_TEST_TIME_SCALE");
  const double scale = text != nullptr ? std::atof(text) : 1.0;
  return scale >= 1.0 ? scale : 1.0;
}

bool MachineGrants8GiB() {
  const std::size_t size = 8ULL << 30;
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return false;
  munmap(p, size);
  return true;
}

bool RlimitMode() { return Runner().sandbox().isolation().mode == IsolationMode::kRlimits; }

SandboxRunner& Runner() { return *GetFixture().runner; }
const std::string& Canary() { return GetFixture().canary; }
const std::string& CanaryPath() { return GetFixture().canary_path; }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string AdversarialSource(const std::string& name) {
  std::string text = ReadFile(std::string(R1_SOURCE_DIR) + "/tests/sandbox/adversarial/" + name);
  REQUIRE_FALSE(text.empty());
  return text;
}

std::vector<pid_t> ProcessesOfUid(uid_t uid) {
  std::vector<pid_t> out;
  DIR* d = opendir("/proc");
  while (dirent* e = d ? readdir(d) : nullptr) {
    const pid_t pid = static_cast<pid_t>(std::atoi(e->d_name));
    if (pid <= 0) continue;
    std::ifstream status("/proc/" + std::string(e->d_name) + "/status");
    std::string line;
    while (std::getline(status, line)) {
      if (line.rfind("Uid:", 0) == 0) {
        std::istringstream fields(line.substr(4));
        uid_t real = 0;
        // As an ordinary user the sandbox uid is ours: this test process is not a leftover.
        if (fields >> real && real == uid && pid != getpid()) out.push_back(pid);
        break;
      }
    }
  }
  if (d) closedir(d);
  return out;
}

void RequireHostClean() {
  INFO("processes of the sandbox uid left on the host");
  REQUIRE(ProcessesOfUid(SandboxUid()).empty());
  for (const std::string& parent : Runner().sandbox().CgroupParents()) {
    DIR* d = opendir(parent.c_str());
    REQUIRE(d != nullptr);
    std::vector<std::string> leftovers;
    while (dirent* e = readdir(d)) {
      if (std::string(e->d_name).rfind("run-", 0) == 0) leftovers.push_back(e->d_name);
    }
    closedir(d);
    INFO("run cgroups left under " << parent);
    REQUIRE(leftovers.empty());
  }
}

CodeJudgement JudgeOne(CodeLanguage language, const std::string& source, const std::string& input,
                       std::optional<std::string> expected, const std::string& function_name, double time_limit_s,
                       double wall_limit_s) {
  CodeJudgeRequest request;
  request.program.language = language;
  request.program.source = source;
  request.program.function_name = function_name;
  request.tests.push_back({input, std::move(expected)});
  request.limits.time_limit_s = time_limit_s * TimeScale();
  request.limits.wall_limit_s = wall_limit_s * TimeScale();
  request.limits.memory_limit_mb = 256;
  request.limits.keep_output_bytes = 256 << 10;
  auto judged = Runner().Judge(request);
  if (!judged) FAIL("Judge failed: " << judged.error().message);
  return *judged;
}

}  // namespace r1::sandbox::testing
