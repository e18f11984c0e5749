// Compiler attack: including the compiler's own environment and stdin. procfs files read as
// empty through the compiler's st_size-based read, and the compile step's environment and
// stdin are the sandbox's (scrubbed, empty) anyway: this compiles, and shows nothing of the
// harness.
#include "/proc/self/environ"
#include "/dev/stdin"
int main() {}
