// A gigabyte on stderr: must not deadlock the harness (it drains both pipes) and ends as OLE.
#include <unistd.h>

#include <cstring>

int main() {
  static char chunk[1 << 20];
  std::memset(chunk, 'e', sizeof chunk);
  for (int i = 0; i < 1024; ++i) {
    if (write(2, chunk, sizeof chunk) < 0) return 1;
  }
}
