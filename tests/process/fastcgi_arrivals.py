#!/usr/bin/env python3
"""How requests can arrive on one kept-alive FastCGI connection, for
tests/process/fastcgi_mode.sh: the server reads each request itself and hands
it to libfcgi whole, so every way of cutting the byte stream must give the
same answers in the same order. One line per case: its name, then the
<Message> text of each answer (the body of one that is no TwiML, "none"
where none came), separated by " | ".

usage: fastcgi_arrivals.py SOCKET FORM-1 FORM-2 FORM-3 BIG-FORM
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
from fastcgi_client import answer, connect, message, request  # noqa: E402


def summary(text):
    """The reply's <Message> text, or the body of an answer that is no TwiML."""
    if text is None:
        return "none"
    return message(text) if "<Message>" in text else text.split("\r\n\r\n", 1)[-1].strip()


def answers(connection, count):
    return " | ".join(summary(answer(connection, 5)) for _ in range(count))


def case(name, path, pieces, count, pause=0.2):
    """Sends `pieces` one after the other, `pause` seconds apart, then reads `count` answers."""
    connection = connect(path)
    for i, piece in enumerate(pieces):
        if i:
            time.sleep(pause)
        connection.sendall(piece)
    print(f"{name}: {answers(connection, count)}", flush=True)
    connection.close()


def main():
    path, first, second, third, big = sys.argv[1:6]
    one, two, three = request(first), request(second), request(third)
    case("two in one write", path, [one + two], 2)
    case("three in one write", path, [one + two + three], 3)
    case("one and the start of the next", path, [one + two[:11], two[11:]], 2)
    case("cut inside a record header", path, [one[:5], one[5:] + two[:3], two[3:]], 2)
    case("a byte at a time", path, [bytes([b]) for b in one], 1, pause=0.001)
    big_request = request(big)
    # More than the server reads at once (about 97 KB): the third request is
    # cut by the read, and its rest is already waiting in the socket.
    case("three large requests and another in one write", path, [big_request * 3 + two], 4)
    # All but the last kilobyte: over the hand-off size, so libfcgi reads the
    # rest from the socket itself; the next request only after the answer
    # (as web servers send them: libfcgi may read ahead of its request).
    connection = connect(path)
    connection.sendall(big_request[:-1024])
    time.sleep(0.2)
    connection.sendall(big_request[-1024:])
    first = summary(answer(connection, 5))
    connection.sendall(two)
    print(f"a body over the hand-off size, the rest later, then another: {first} | {summary(answer(connection, 5))}")


if __name__ == "__main__":
    main()
