#!/usr/bin/env python3
"""Holds a listening unix socket across restarts of the program serving it,
as systemd does with sms_fcgi.socket and sms_fcgi.service: the socket is
bound once, and COMMAND runs with it as fd 0, again at once each time it
exits (killed, or stopped by SIGTERM), like `systemctl restart`. The running
COMMAND's pid is in PIDFILE. SIGTERM to the holder stops COMMAND with
SIGTERM, waits for it, and ends.

  socket_holder.py SOCKET PIDFILE COMMAND...
"""
import os
import signal
import socket
import subprocess
import sys


def main():
    path, pidfile, command = sys.argv[1], sys.argv[2], sys.argv[3:]
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    if os.path.exists(path):
        os.unlink(path)
    listener.bind(path)
    listener.listen(1024)
    stopping = False
    child = None

    def stop(signum, frame):
        nonlocal stopping
        stopping = True
        if child is not None:
            child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    while not stopping:
        child = subprocess.Popen(command, stdin=listener.fileno(), stdout=subprocess.DEVNULL)
        with open(pidfile + ".new", "w") as out:
            out.write(f"{child.pid}\n")
        os.replace(pidfile + ".new", pidfile)
        child.wait()
    listener.close()
    os.unlink(path)


if __name__ == "__main__":
    main()
