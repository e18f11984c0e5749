# Connects to an abstract unix socket the test listens on (name on stdin). Abstract sockets
# belong to a network namespace, so it is not there.
import socket
import sys

name = sys.stdin.read().strip()
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
try:
    s.connect("\0" + name)
    print("ESCAPED: connected to", name)
except OSError as e:
    print("refused", e.errno)
