# Reaches for the outside world: DNS, a public resolver, the cloud metadata address, UDP.
import socket

try:
    print("ESCAPED: resolved", socket.getaddrinfo("example.com", 80))
except OSError as e:
    print("dns refused", e)
for addr in (("1.1.1.1", 53), ("169.254.169.254", 80), ("10.0.0.1", 22)):
    try:
        socket.create_connection(addr, timeout=1)
        print("ESCAPED: connected", addr)
    except OSError as e:
        print("refused", addr, e.errno)
try:
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.sendto(b"x", ("8.8.8.8", 53))
    print("ESCAPED: udp sent")
except OSError as e:
    print("udp refused", e.errno)
