// Compiler attack: quoting a host secret into the compiler's error messages.
#include "/etc/shadow"
int main() {}
