# Tries to offer a service: bind and listen on all addresses.
import socket

for family, addr in ((socket.AF_INET, ("0.0.0.0", 18081)), (socket.AF_INET6, ("::", 18081))):
    try:
        s = socket.socket(family, socket.SOCK_STREAM)
        s.bind(addr)
        s.listen()
        print("listening (inside its own empty namespace)", addr)
    except OSError as e:
        print("refused", addr, e.errno)
