#!/usr/bin/env python3
"""Hostile FastCGI peers for tests/servers/stalled_peers.sh: opens COUNT
connections to a unix socket, sends each the start of a request in the given
SHAPE and then nothing more (or a byte at a time, for 'drip'), and reports
how many the server closed and after how long. Bounded: gives up after
--give-up seconds.

usage: stall_peers.py SOCKET SHAPE COUNT [--give-up SECONDS]
prints: "closed C of N; slowest S.SS s"
"""
import argparse
import os
import select
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
from fastcgi_client import RESPONDER_KEEP_CONN, record  # noqa: E402

BEGIN = record(1, RESPONDER_KEEP_CONN)
SHAPES = {
    "begin9": BEGIN[:9],  # nine bytes of FCGI_BEGIN_REQUEST, then silence
    "get-values": bytes([1, 9, 0, 0, 0, 0, 0, 0]),  # a lone, empty FCGI_GET_VALUES
    "begin-abort": BEGIN + bytes([1, 2, 0, 1, 0, 0, 0, 0]),  # FCGI_ABORT_REQUEST in place of parameters
    "drip": BEGIN + bytes([1, 4, 0, 1, 0, 0x40, 0, 0]),  # parameters announced, then a byte now and then
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("socket")
    parser.add_argument("shape", choices=SHAPES)
    parser.add_argument("count", type=int)
    parser.add_argument("--give-up", type=float, default=20.0)
    args = parser.parse_args()

    started = time.monotonic()
    open_connections = {}
    for _ in range(args.count):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(args.socket)
        s.sendall(SHAPES[args.shape])
        open_connections[s.fileno()] = s
    closed_after = []
    next_drip = started + 0.3
    while open_connections and time.monotonic() - started < args.give_up:
        ready, _, _ = select.select(list(open_connections.values()), [], [], 0.1)
        for s in ready:
            try:
                data = s.recv(4096)
            except OSError:
                data = b""
            if not data:
                closed_after.append(time.monotonic() - started)
                del open_connections[s.fileno()]
                s.close()
        if args.shape == "drip" and time.monotonic() >= next_drip:
            next_drip += 0.3
            for s in list(open_connections.values()):
                try:
                    s.send(b"\x00")
                except OSError:
                    pass
    slowest = max(closed_after) if closed_after else float("nan")
    print(f"closed {len(closed_after)} of {args.count}; slowest {slowest:.2f} s")
    for s in open_connections.values():
        s.close()


if __name__ == "__main__":
    main()
