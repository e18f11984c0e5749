// Creates threads until it cannot: the pids limit (tasks) stops it early.
#include <pthread.h>
#include <unistd.h>

#include <cstdio>

void* Park(void*) {
  pause();
  return nullptr;
}

int main() {
  int made = 0;
  for (; made < 100000; ++made) {
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    if (pthread_create(&t, &attr, Park, nullptr) != 0) break;
  }
  std::printf("threads=%d\n", made);
  std::fflush(stdout);
  _exit(0);
}
