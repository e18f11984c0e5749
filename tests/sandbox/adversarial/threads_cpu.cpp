// Four threads spinning: CPU time accumulates faster than wall time, and the limit must count
// every thread.
#include <thread>
#include <vector>

int main() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([] {
      volatile unsigned long x = 0;
      for (;;) x = x + 1;
    });
  }
  for (auto& t : threads) t.join();
}
