// Compiler attack: an endless include. The compile step's own limits end it (CE).
#include </dev/random>
int main() {}
