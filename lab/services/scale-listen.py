# One process holding the second listener of every scale host (lab/scale.ts), the way an exporter
# holds its port: accept and close, with no process started per connection. Each socket is made
# inside its host's network namespace (setns; Node cannot), so `ss` there shows it as the host's.
# Python, because 3.11's os module has no setns and ctypes reaches libc's.
# Usage: scale-listen.py NETNS=[::]:9100 NETNS=0.0.0.0:9100 ...   ([::] binds v6only, as sshd does)
import ctypes
import os
import re
import resource
import selectors
import signal
import socket
import sys

CLONE_NEWNET = 0x40000000
libc = ctypes.CDLL(None, use_errno=True)


def enter(netns: str) -> None:
    fd = os.open(f"/run/netns/{netns}", os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), f"setns {netns}")
    finally:
        os.close(fd)


def listener(spec: str) -> socket.socket:
    m = re.fullmatch(r"([\w.-]+)=(?:\[([0-9a-f:]+)\]|([0-9.]+)):(\d+)", spec)
    if not m:
        sys.exit(f"bad listener spec {spec}")
    netns, v6, v4, port = m.groups()
    enter(netns)
    s = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if v6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    s.bind((v6 or v4, int(port)))
    s.listen(64)
    s.setblocking(False)
    return s


# One socket per host, plus the connections being accepted: above the usual soft limit of 1024.
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
home = os.open("/proc/self/ns/net", os.O_RDONLY)
sel = selectors.DefaultSelector()
for spec in sys.argv[1:]:
    sel.register(listener(spec), selectors.EVENT_READ)
libc.setns(home, CLONE_NEWNET)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print(f"listening: {len(sys.argv) - 1} sockets", flush=True)
while True:
    for key, _ in sel.select():
        try:
            key.fileobj.accept()[0].close()
        except OSError:
            pass  # a probe that reset first is the client's business
