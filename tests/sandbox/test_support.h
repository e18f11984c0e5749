// Shared helpers for the sandbox tests: one runner per test process, running programs as a uid
// of its own (so "no process of that uid is left" is a meaningful check even when several test
// processes run at once), with canaries planted in the harness's environment, files and
// descriptors.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "r1/core/code_runner.h"
#include "r1/sandbox/runner.h"

namespace r1::sandbox::testing {

/// The shared runner (created on first use; 2 workers; small output and compile limits so the
/// hostile cases stay fast).
SandboxRunner& Runner();
uid_t SandboxUid();
/// The runner isolates without cgroups (an ordinary user without a delegated subtree, or
/// R1_SANDBOX_MODE=rlimits): the few verdicts the kernel cannot give the same way differ.
bool RlimitMode();
/// Whether this machine maps 8 GiB of private anonymous memory for the test process (as malloc
/// does), unsandboxed. Where it refuses (overcommit: less RAM and swap than that), a program's
/// 8 GiB malloc fails before any memory limit is reached.
bool MachineGrants8GiB();
/// R1_TEST_TIME_SCALE (>= 1, default 1): every time limit of these tests is multiplied by it, for
/// slow machines such as the emulated cgroup-v2 VM (scripts/cgroup_v2_vm.sh).
double TimeScale();
/// A random string the harness holds in its environment (R1_TEST_CANARY), in a file it keeps
/// open without O_CLOEXEC, and in a file on its disk. No sandboxed program may ever print it.
const std::string& Canary();
/// Path of the canary file on the host (also the "harness store" a program would hunt for).
const std::string& CanaryPath();

std::string ReadFile(const std::string& path);
/// tests/sandbox/adversarial/<name>
std::string AdversarialSource(const std::string& name);

/// Host pids whose real uid is `uid`.
std::vector<pid_t> ProcessesOfUid(uid_t uid);
/// Every process of the run gone, every run cgroup removed: checked after each hostile run.
void RequireHostClean();

/// Judges `source` against one test with the adversarial limits (1 s CPU, 256 MiB).
CodeJudgement JudgeOne(CodeLanguage language, const std::string& source, const std::string& input = "",
                       std::optional<std::string> expected = std::nullopt, const std::string& function_name = "",
                       double time_limit_s = 1.0, double wall_limit_s = 0);

}  // namespace r1::sandbox::testing
