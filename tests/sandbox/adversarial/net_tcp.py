# Connects to a port the test listens on at the host's 127.0.0.1 (port on stdin), and to the
# same port on every local address it can name.
import socket
import sys

port = int(sys.stdin.read().strip())
for host in ("127.0.0.1", "localhost", "::1"):
    try:
        s = socket.create_connection((host, port), timeout=1)
        print("ESCAPED: connected to", host, port)
        s.close()
    except OSError as e:
        print("refused", host, e.errno)
