#!/usr/bin/env python3
"""A web server's kept-alive FastCGI connections, for tests/servers/flow_calls.sh:
whether a connection an accept loop owns waits while that loop waits on a
flow's endpoint. Speaks FastCGI to a unix socket served with --threads 2:

  1. connection A sends SLOW (an answer that waits about a second): one loop busy;
  2. connections B and C each send FAST and get the answer, and P sends the
     first 9 bytes of a request and stalls: all three owned by the other loop;
  3. B sends HOLD (an answer held at the endpoint until the suite releases it);
  4. once A's answer is back, C sends FAST again and times the answer;
  5. P waits to be closed for not completing its request in time.

usage: kept_connections.py SOCKET SLOW-FORM FAST-FORM HOLD-FORM FAST-FORM-2
prints: "answered in N ms: TEXT" (step 4) or "no answer within 5 s", then
"stalled peer closed after N ms" or "stalled peer still open after 5 s"; B's
held answer is read afterwards, once the suite has released it
("held: released").
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
from fastcgi_client import answer, connect, message, request  # noqa: E402


def main():
    path, slow, fast, hold, fast2 = sys.argv[1:6]
    a = connect(path)
    a.sendall(request(slow))
    time.sleep(0.2)
    b, c = connect(path), connect(path)
    for connection in (b, c):
        connection.sendall(request(fast))
        if answer(connection, 5) is None:
            print("no first answer on a kept connection")
            return
    stalled = connect(path)
    stalled_at = time.monotonic()
    stalled.sendall(request(fast)[:9])
    b.sendall(request(hold))
    if answer(a, 5) is None:
        print("no answer to the slow message")
        return
    started = time.monotonic()
    c.sendall(request(fast2))
    got = answer(c, 5)
    print("no answer within 5 s" if got is None else
          f"answered in {int((time.monotonic() - started) * 1000)} ms: {message(got)}", flush=True)
    closed = answer(stalled, 5) is None and time.monotonic() - stalled_at < 5
    print(f"stalled peer closed after {int((time.monotonic() - stalled_at) * 1000)} ms" if closed else
          "stalled peer still open after 5 s", flush=True)
    held = answer(b, 20)
    print("held: " + ("none" if held is None else message(held)))


if __name__ == "__main__":
    main()
