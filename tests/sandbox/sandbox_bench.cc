// r1_sandbox_bench: the figures SECURITY.md quotes. Not a test (not run by ctest); run as root:
//   build/tests/sandbox/r1_sandbox_bench [runs]
// 1. per-run overhead: bare fork+exec vs a sandboxed run, for /bin/true and `python3 -c pass`;
// 2. tests per second through SandboxRunner's worker pool (one worker per CPU);
// 3. C++ compile: first compile, in-memory cache hit, on-disk cache hit (a new runner).
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <numeric>
#include <string>
#include <vector>

#include "r1/sandbox/runner.h"

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

struct Stats {
  double mean, p50, p90;
};

Stats Summarize(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {std::accumulate(v.begin(), v.end(), 0.0) / v.size(), v[v.size() / 2], v[v.size() * 9 / 10]};
}

std::vector<double> Bare(std::vector<std::string> argv, int runs) {
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  std::vector<double> out;
  for (int i = 0; i < runs; ++i) {
    auto t = Clock::now();
    pid_t pid;
    if (posix_spawn(&pid, args[0], nullptr, nullptr, args.data(), environ) != 0) std::abort();
    waitpid(pid, nullptr, 0);
    out.push_back(Ms(Clock::now() - t));
  }
  return out;
}

std::vector<double> Sandboxed(r1::sandbox::Sandbox& sandbox, std::vector<std::string> argv, int runs) {
  r1::sandbox::RunSpec spec;
  spec.argv = std::move(argv);
  std::vector<double> out;
  for (int i = 0; i < runs; ++i) {
    auto t = Clock::now();
    auto r = sandbox.Run(spec);
    if (!r || !r->exited || r->exit_code != 0) std::abort();
    out.push_back(Ms(Clock::now() - t));
  }
  return out;
}

// CPU time used by this process and every descendant it (transitively) reaped.
double CpuMs() {
  rusage self{}, children{};
  getrusage(RUSAGE_SELF, &self);
  getrusage(RUSAGE_CHILDREN, &children);
  auto ms = [](const timeval& t) { return t.tv_sec * 1000.0 + t.tv_usec / 1000.0; };
  return ms(self.ru_utime) + ms(self.ru_stime) + ms(children.ru_utime) + ms(children.ru_stime);
}

void Row(const char* what, const Stats& s) {
  std::printf("%-44s mean %7.2f ms   p50 %7.2f ms   p90 %7.2f ms\n", what, s.mean, s.p50, s.p90);
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::atoi(argv[1]) : 200;
  auto created = r1::sandbox::SandboxRunner::Create();
  if (!created) {
    std::fprintf(stderr, "cannot sandbox: %s\n", created.error().message.c_str());
    return 3;
  }
  r1::sandbox::SandboxRunner& runner = **created;
  r1::sandbox::Sandbox& sandbox = runner.sandbox();
  std::printf("%s, %zu workers\n\n", sandbox.Describe().c_str(), runner.pool().size());

  Bare({"/bin/true"}, 20);  // warm caches
  Sandboxed(sandbox, {"/bin/true"}, 20);
  // Wall time per run depends on the machine's load; CPU time per run (harness, pid 1 and the
  // program together) much less so.
  double cpu = CpuMs();
  const Stats bare_true = Summarize(Bare({"/bin/true"}, runs));
  const double bare_true_cpu = (CpuMs() - cpu) / runs;
  cpu = CpuMs();
  const Stats box_true = Summarize(Sandboxed(sandbox, {"/bin/true"}, runs));
  const double box_true_cpu = (CpuMs() - cpu) / runs;
  cpu = CpuMs();
  const Stats bare_py = Summarize(Bare({"/usr/bin/python3", "-c", "pass"}, runs / 4));
  const double bare_py_cpu = (CpuMs() - cpu) / (runs / 4);
  cpu = CpuMs();
  const Stats box_py = Summarize(Sandboxed(sandbox, {"/usr/bin/python3", "-c", "pass"}, runs / 4));
  const double box_py_cpu = (CpuMs() - cpu) / (runs / 4);
  Row("bare fork+exec /bin/true", bare_true);
  Row("sandboxed /bin/true", box_true);
  std::printf("%-44s %7.2f ms\n", "  overhead (mean)", box_true.mean - bare_true.mean);
  Row("bare python3 -c pass", bare_py);
  Row("sandboxed python3 -c pass", box_py);
  std::printf("%-44s %7.2f ms\n", "  overhead (mean)", box_py.mean - bare_py.mean);
  std::printf("%-44s %7.2f -> %.2f ms (true), %.2f -> %.2f ms (python3 -c pass)\n\n", "CPU per run, bare -> sandboxed",
              bare_true_cpu, box_true_cpu, bare_py_cpu, box_py_cpu);

  // Throughput: one judgement of N tests, tests spread over the pool.
  for (auto [name, program] : {std::pair{"python stdin echo", r1::CodeProgram{r1::CodeLanguage::kPython,
                                                                              "print(input())\n", "", {}}},
                               {"python stdin echo, LCB hosting",
                                r1::CodeProgram{r1::CodeLanguage::kPython, "print(input())\n", "",
                                                r1::CodeHosting::kLiveCodeBench}},
                               {"C++ stdin echo", r1::CodeProgram{r1::CodeLanguage::kCpp,
                                                                  "#include <iostream>\n#include <string>\nint main(){std::"
                                                                  "string s;std::getline(std::cin,s);std::cout<<s<<'\\n';}\n",
                                                                  "", {}}}}) {
    r1::CodeJudgeRequest request;
    request.program = program;
    request.tests.assign(static_cast<std::size_t>(runs), r1::CodeTest{"hello\n", "hello"});
    runner.Judge({program, {r1::CodeTest{"x\n", "x"}}, {}});  // compile outside the timing
    auto t = Clock::now();
    auto j = runner.Judge(request);
    const double s = Ms(Clock::now() - t) / 1000;
    if (!j || j->verdict != r1::CodeVerdict::kOk) std::abort();
    std::printf("%-44s %7.1f tests/s (%d tests in %.2f s)\n", name, runs / s, runs, s);
  }

  // Compile cache.
  const std::string source = "#include <bits/stdc++.h>\nint main(){std::vector<int> v{3,1,2};std::sort(v.begin(),v.end());"
                             "std::cout<<v[0]<<'\\n';}\n// " +
                             std::to_string(Clock::now().time_since_epoch().count()) + "\n";
  const std::filesystem::path cache = sandbox.workspace().parent_path() / ("r1-sandbox-bench-cache." + std::to_string(getpid()));
  r1::sandbox::RunnerOptions with_disk;
  with_disk.cache_dir = cache;
  auto disk_runner = r1::sandbox::SandboxRunner::Create(with_disk);
  if (!disk_runner) return 3;
  auto t = Clock::now();
  auto first = (*disk_runner)->CompileCpp(source);
  const double compile_ms = Ms(Clock::now() - t);
  t = Clock::now();
  auto hit = (*disk_runner)->CompileCpp(source);
  const double memory_hit_ms = Ms(Clock::now() - t);
  disk_runner->reset();
  auto fresh = r1::sandbox::SandboxRunner::Create(with_disk);
  if (!fresh) return 3;
  t = Clock::now();
  auto disk_hit = (*fresh)->CompileCpp(source);
  const double disk_hit_ms = Ms(Clock::now() - t);
  if (!first.ok || !hit.cached || !disk_hit.cached) std::abort();
  std::printf("\n%-44s %9.2f ms (compiler: %lld ms CPU, %lld MiB peak)\n", "C++ compile, bits/stdc++.h, first", compile_ms,
              static_cast<long long>(first.cpu_ms), static_cast<long long>(first.memory_kb / 1024));
  std::printf("%-44s %9.3f ms\n", "  cache hit, same runner (memory)", memory_hit_ms);
  std::printf("%-44s %9.3f ms\n", "  cache hit, new runner (disk)", disk_hit_ms);
  std::error_code ec;
  std::filesystem::remove_all(cache, ec);
  return 0;
}
