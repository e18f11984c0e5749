// 8 GiB from malloc, one write per page (through a volatile pointer, so the compiler cannot
// drop the allocation).
#include <cstdio>
#include <cstdlib>

int main() {
  const std::size_t size = 8ULL << 30;
  volatile char* p = static_cast<volatile char*>(std::malloc(size));
  if (p == nullptr) return 3;
  for (std::size_t i = 0; i < size; i += 4096) p[i] = 1;
  std::printf("%d\n", p[size - 4096]);
}
