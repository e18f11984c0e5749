// `r1-eval sandbox run` through CLI11, in-process: the JSON it prints and its exit codes.
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "sandbox_command.h"
#include "test_support.h"

namespace r1::sandbox::testing {
namespace {

struct CliRun {
  int exit_code;
  nlohmann::json out;
};

CliRun RunCli(std::vector<std::string> args) {
  Runner();  // the canaries are in place for these runs too
  CLI::App app{"r1-eval"};
  ExitCode exit_code = ExitCode::kOk;
  cli::AddSandboxCommand(app, exit_code);
  std::reverse(args.begin(), args.end());
  std::ostringstream captured;
  std::streambuf* saved = std::cout.rdbuf(captured.rdbuf());
  int rc;
  try {
    app.parse(args);
    rc = static_cast<int>(exit_code);
  } catch (const CLI::ParseError& e) {
    rc = e.get_exit_code() == 0 ? 0 : 2;
  }
  std::cout.rdbuf(saved);
  CliRun run{rc, nlohmann::json()};
  if (!captured.str().empty()) run.out = nlohmann::json::parse(captured.str());
  return run;
}

std::string TempFile(const std::string& name, const std::string& contents) {
  const std::string path = "/tmp/r1-sandbox-cli-test." + std::to_string(getpid()) + "." + name;
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

TEST_CASE("sandbox run prints the contract's JSON", "[sandbox][cli]") {
  const std::string cache = "/tmp/r1-sandbox-cli-test." + std::to_string(getpid()) + ".cache";
  const std::string prog = TempFile("a.py", "import sys\nn = int(input())\nprint(n * 2)\nprint('note', file=sys.stderr)\n");
  const std::string in = TempFile("in.txt", "21\n");
  const std::string good = TempFile("good.txt", "42\n");
  const std::string bad = TempFile("bad.txt", "43\n");

  CliRun r = RunCli({"sandbox", "run", "--lang", "python", prog, "--stdin", in, "--expect", good, "--cache-dir", cache});
  CHECK(r.exit_code == 0);
  for (const char* key : {"verdict", "cpu_ms", "wall_ms", "memory_kb", "exit_code", "signal", "stdout", "stderr"}) {
    CHECK(r.out.contains(key));
  }
  CHECK(r.out["verdict"] == "OK");
  CHECK(r.out["stdout"] == "42\n");
  CHECK(r.out["stderr"] == "note\n");
  CHECK(r.out["exit_code"] == 0);
  CHECK(r.out["signal"] == 0);

  r = RunCli({"sandbox", "run", "--lang", "python", prog, "--stdin", in, "--expect", bad, "--cache-dir", cache});
  CHECK(r.exit_code == 0);
  CHECK(r.out["verdict"] == "WA");

  SECTION("limits and caps") {
    const std::string loop = TempFile("loop.py", "print('x' * 100000)\nwhile True: pass\n");
    r = RunCli({"sandbox", "run", "--lang", "python", loop, "--time-limit", "0.5", "--cache-dir", cache});
    CHECK(r.out["verdict"] == "TLE");
    CHECK(r.out["stdout"].get<std::string>().size() == 4096);  // capped at 4 KiB
    CHECK(r.out["stdout_truncated"] == true);
    CHECK(r.out["signal"] == 9);
    const std::string hog = TempFile("hog.py", "x = bytearray(200 << 20)\n");
    r = RunCli({"sandbox", "run", "--lang", "python", hog, "--memory-limit", "64", "--cache-dir", cache});
    CHECK(r.out["verdict"] == "MLE");
  }
  SECTION("C++, compile errors, the cache") {
    const std::string cpp = TempFile("a.cpp", "#include <cstdio>\nint main(){int n;std::scanf(\"%d\",&n);std::printf(\"%d\\n\",n*2);}\n");
    r = RunCli({"sandbox", "run", "--lang", "cpp", cpp, "--stdin", in, "--expect", good, "--cache-dir", cache});
    CHECK(r.out["verdict"] == "OK");
    CHECK(r.out["compile"]["cached"] == false);
    r = RunCli({"sandbox", "run", "--lang", "cpp", cpp, "--stdin", in, "--expect", good, "--cache-dir", cache});
    CHECK(r.out["compile"]["cached"] == true);  // a new runner: served from the cache directory
    const std::string broken = TempFile("b.cpp", "int main() { return nope; }\n");
    r = RunCli({"sandbox", "run", "--lang", "cpp", broken, "--cache-dir", cache});
    CHECK(r.exit_code == 0);
    CHECK(r.out["verdict"] == "CE");
    CHECK(r.out["stderr"].get<std::string>().find("nope") != std::string::npos);
  }
  SECTION("functional programs") {
    const std::string fn = TempFile("f.py", "class Solution:\n    def add(self, a, b):\n        return a + b\n");
    const std::string args = TempFile("args.txt", "2\n40\n");
    const std::string want = TempFile("want.json", "42");
    r = RunCli({"sandbox", "run", "--lang", "python", fn, "--function", "add", "--lcb", "--stdin", args, "--expect",
                want, "--cache-dir", cache});
    CHECK(r.out["verdict"] == "OK");
    CHECK(r.out["stdout"] == "42");
  }
  SECTION("bad usage exits 2 without output") {
    CHECK(RunCli({"sandbox", "run", "--lang", "rust", prog}).exit_code == 2);
    CHECK(RunCli({"sandbox", "run", "--lang", "python", "/no/such/file.py"}).exit_code == 2);
    CHECK(RunCli({"sandbox", "run", "--lang", "python", prog, "--stdin", "/no/such/input"}).exit_code == 2);
    CHECK(RunCli({"sandbox", "run", "--lang", "python", prog, "--time-limit", "0"}).exit_code == 2);
    CHECK(RunCli({"sandbox", "run", "--lang", "python"}).exit_code == 2);
    CHECK(RunCli({"sandbox", "run", "--lang", "cpp", prog, "--function", "f"}).exit_code == 2);
  }
  std::error_code ec;
  std::filesystem::remove_all(cache, ec);
  for (const char* name : {"a.py", "in.txt", "good.txt", "bad.txt", "loop.py", "hog.py", "a.cpp", "b.cpp", "f.py", "args.txt",
                           "want.json"}) {
    unlink(("/tmp/r1-sandbox-cli-test." + std::to_string(getpid()) + "." + name).c_str());
  }
  RequireHostClean();
}

}  // namespace
}  // namespace r1::sandbox::testing
