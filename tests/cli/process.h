// Runs the real r1-eval binary as a child process for end-to-end tests.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace r1::testing {

struct ProcessResult {
  int exit_code = -1;  ///< 128+N when killed by signal N
  std::string out;
  std::string err;
  double seconds = 0;
};

inline std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class Child {
 public:
  /// Starts `r1-eval args...` with extra environment entries ("NAME=value") and, when given,
  /// this open-file limit (soft, hard).
  Child(const std::vector<std::string>& args, const std::string& workdir,
        const std::vector<std::string>& env = {},
        std::optional<std::pair<rlim_t, rlim_t>> open_files = std::nullopt)
      : out_(workdir + "/stdout." + std::to_string(counter_)),
        err_(workdir + "/stderr." + std::to_string(counter_)) {
    ++counter_;
    start_ = std::chrono::steady_clock::now();
    pid_ = fork();
    if (pid_ == 0) {
      int out = open(out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int err = open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(out, 1);
      dup2(err, 2);
      int devnull = open("/dev/null", O_RDONLY);
      dup2(devnull, 0);
      if (chdir(workdir.c_str()) != 0) _exit(99);
      for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
      if (open_files) {
        const rlimit limit{open_files->first, open_files->second};
        if (setrlimit(RLIMIT_NOFILE, &limit) != 0) _exit(97);
      }
      std::string bin = std::string(R1_BINARY_DIR) + "/r1-eval";
      std::vector<char*> argv{const_cast<char*>(bin.c_str())};
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(bin.c_str(), argv.data());
      _exit(98);
    }
  }

  void Signal(int signo) { kill(pid_, signo); }

  ProcessResult Wait() {
    int status = 0;
    waitpid(pid_, &status, 0);
    ProcessResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = ReadAll(out_);
    r.err = ReadAll(err_);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    return r;
  }

 private:
  pid_t pid_ = -1;
  std::string out_, err_;
  std::chrono::steady_clock::time_point start_;
  static inline int counter_ = 0;
};

inline ProcessResult RunR1(const std::vector<std::string>& args, const std::string& workdir,
                           const std::vector<std::string>& env = {},
                           std::optional<std::pair<rlim_t, rlim_t>> open_files = std::nullopt) {
  return Child(args, workdir, env, open_files).Wait();
}

}  // namespace r1::testing
