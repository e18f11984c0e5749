// Reserving address space is not using memory: 4 GiB mapped, 16 MiB touched must pass under a
// 256 MiB limit (an RLIMIT_AS-based sandbox would fail it).
#include <sys/mman.h>

#include <cstdio>
#include <cstring>

int main() {
  const std::size_t size = 4ULL << 30;
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return 3;
  std::memset(p, 7, 16 << 20);
  std::printf("reserved ok\n");
}
