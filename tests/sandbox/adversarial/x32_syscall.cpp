// The x32 ABI shares the x86-64 architecture tag; syscall numbers with bit 30 set must not
// slip past the filter (a classic seccomp bypass). The filter kills the process.
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>

int main() {
  std::printf("before\n");
  std::fflush(stdout);
  long r = syscall(0x40000000L | SYS_getpid);
  std::printf("ESCAPED x32 syscall returned %ld\n", r);
}
