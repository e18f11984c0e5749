// Unbounded recursion: a crash (SIGSEGV), reported as RE, not a hang.
#include <cstdio>

int Down(int n) {
  volatile char pad[4096];
  pad[0] = static_cast<char>(n);
  return Down(n + 1) + pad[0];
}

int main() { std::printf("%d\n", Down(0)); }
