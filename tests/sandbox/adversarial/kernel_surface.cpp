// System calls with a history of privilege escalation, all of which the filter refuses.
#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

static void Report(const char* name, long r) {
  std::printf("%s -> %ld errno %d%s\n", name, r, r < 0 ? errno : 0, r >= 0 ? " ESCAPED" : "");
}

int main() {
  Report("bpf", syscall(SYS_bpf, 0, nullptr, 0));
  perf_event_attr attr;
  std::memset(&attr, 0, sizeof attr);
  attr.size = sizeof attr;
  Report("perf_event_open", syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0));
  Report("userfaultfd", syscall(SYS_userfaultfd, 0));
  char params[120] = {};
  Report("io_uring_setup", syscall(SYS_io_uring_setup, 4, params));
  Report("keyctl", syscall(SYS_keyctl, 0, 0, 0, 0, 0));
  Report("add_key", syscall(SYS_add_key, "user", "k", "v", 1, -3));
  Report("kexec_load", syscall(SYS_kexec_load, 0, 0, nullptr, 0));
  Report("init_module", syscall(SYS_init_module, nullptr, 0, ""));
  Report("open_by_handle_at", syscall(SYS_open_by_handle_at, -1, nullptr, 0));
  Report("syslog", syscall(SYS_syslog, 3, nullptr, 0));
  char c = 'x';
  Report("ioctl TIOCSTI", ioctl(0, TIOCSTI, &c));
  Report("ioctl TIOCSTI high bits", syscall(SYS_ioctl, 0, 0x100000000UL | TIOCSTI, &c));
  Report("pidfd_getfd", syscall(SYS_pidfd_getfd, 0, 0, 0));
}
