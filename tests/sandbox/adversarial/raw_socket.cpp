// Raw, packet and netlink sockets: the network stack's big surface.
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdio>

int main() {
  struct {
    const char* name;
    int domain, type, protocol;
  } tries[] = {{"packet", AF_PACKET, SOCK_RAW, 0},
               {"inet raw", AF_INET, SOCK_RAW, IPPROTO_ICMP},
               {"inet tcp", AF_INET, SOCK_STREAM, 0},
               {"inet6 udp", AF_INET6, SOCK_DGRAM, 0},
               {"netlink", AF_NETLINK, SOCK_RAW, NETLINK_ROUTE},
               {"vsock", 40, SOCK_STREAM, 0}};
  for (const auto& t : tries) {
    int fd = socket(t.domain, t.type, t.protocol);
    std::printf("%s: %s %d\n", t.name, fd >= 0 ? "ESCAPED-OPEN" : "refused", fd >= 0 ? fd : errno);
  }
}
