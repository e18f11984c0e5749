// Kills its parent, pid 1, its process group and everything it can see; then checks it is
// still the only thing running and reports.
#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

#include <cstdio>

int main() {
  std::printf("ppid=%d\n", getppid());
  std::printf("kill(ppid)=%d\n", kill(getppid(), SIGKILL));
  std::printf("kill(1)=%d\n", kill(1, SIGKILL));
  std::printf("kill(0)=%d\n", kill(0, SIGCONT));
  std::printf("kill(-1)=%d\n", kill(-1, SIGKILL));
  std::printf("DONE\n");
}
