// New namespaces from inside: a nested user namespace is the usual first step of kernel exploits.
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

int main() {
  int flags[] = {CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWNET, CLONE_NEWPID, CLONE_NEWUSER | CLONE_NEWNS};
  for (int f : flags) {
    int r = unshare(f);
    std::printf("unshare %#x -> %d errno %d%s\n", f, r, r < 0 ? errno : 0, r == 0 ? " ESCAPED" : "");
  }
  long pid = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, nullptr, nullptr, nullptr, 0);
  if (pid == 0) _exit(0);
  std::printf("clone NEWUSER -> %ld errno %d%s\n", pid, pid < 0 ? errno : 0, pid > 0 ? " ESCAPED" : "");
  long r = syscall(SYS_clone3, nullptr, 0);
  std::printf("clone3 -> %ld errno %d\n", r, r < 0 ? errno : 0);
  r = setns(0, 0);
  std::printf("setns -> %ld errno %d\n", r, r < 0 ? errno : 0);
}
