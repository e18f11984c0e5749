#include "backend_test_util.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace r1::models::test {

int ClosedPort() {
  const int sock = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(sock >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  REQUIRE(::bind(sock, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
  socklen_t length = sizeof(address);
  REQUIRE(::getsockname(sock, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  ::close(sock);
  return ntohs(address.sin_port);
}

}  // namespace r1::models::test
