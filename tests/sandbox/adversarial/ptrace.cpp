// Debugging anything: itself (TRACEME), its own child, pid 1; and reading another process's
// memory directly.
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

int main() {
  pid_t child = fork();
  if (child == 0) {
    pause();
    _exit(0);
  }
  long r = ptrace(PTRACE_TRACEME, 0, nullptr, nullptr);
  std::printf("traceme %ld errno %d\n", r, r < 0 ? errno : 0);
  r = ptrace(PTRACE_ATTACH, child, nullptr, nullptr);
  std::printf("attach child %ld errno %d\n", r, r < 0 ? errno : 0);
  r = ptrace(PTRACE_SEIZE, 1, nullptr, nullptr);
  std::printf("seize pid1 %ld errno %d\n", r, r < 0 ? errno : 0);
  char buf[16];
  iovec local{buf, sizeof buf}, remote{reinterpret_cast<void*>(0x400000), sizeof buf};
  ssize_t n = process_vm_readv(1, &local, 1, &remote, 1, 0);
  std::printf("process_vm_readv pid1 %zd errno %d\n", n, n < 0 ? errno : 0);
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
}
