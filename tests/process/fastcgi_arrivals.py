#!/usr/bin/env python3
"""How requests can arrive on one kept-alive FastCGI connection, for
tests/process/fastcgi_mode.sh: the server reads each request itself and hands
it to libfcgi whole, so every way of cutting the byte stream must give the
same answers in the same order. One line per case: its name, then the
<Message> text of each answer (the body of one that is no TwiML, "none"
where none came), separated by " | ".

Then random arrivals: CASES connections (a fixed seed; ARRIVALS_SEED picks
another, for a longer search by hand), each sending one to
twelve requests of up to 12 KB (under the body hand-off, so that they may be
pipelined; the last one in three cases of ten over it), their bodies in records of random size and padding, the whole
cut at random places with short pauses, and its end of sending half the
time. One line: how many cases got wrong answers, then the first such case.

usage: fastcgi_arrivals.py SOCKET FORM-1 FORM-2 FORM-3 BIG-FORM CASES
"""
import os
import random
import socket
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


def closed_by_server(connection):
    """Whether the server closes the connection (within 2 s) once all is answered."""
    connection.settimeout(2)
    try:
        return connection.unread == b"" and connection.recv(1) == b""
    except OSError:
        return False


def case(name, path, pieces, count, pause=0.2, half_close=False):
    """Sends `pieces` one after the other, `pause` seconds apart, and reads
    `count` answers. With `half_close`, ends its side of the connection after
    the last piece, and says whether the server then closed the connection."""
    connection = connect(path)
    for i, piece in enumerate(pieces):
        if i:
            time.sleep(pause)
        connection.sendall(piece)
    if half_close:
        connection.shutdown(socket.SHUT_WR)
    result = answers(connection, count)
    if half_close:
        result += " | " + ("closed" if closed_by_server(connection) else "left open")
    print(f"{name}: {result}", flush=True)
    connection.close()


def random_arrivals(path, forms, cases):
    """Each of `forms` is expected to get, however its bytes arrive, the answer
    it gets when sent alone in one piece (an extra parameter changes none)."""
    alone = []
    for form in forms:
        connection = connect(path)
        connection.sendall(request(form))
        alone.append((form, summary(answer(connection, 5))))
        connection.close()
    rng = random.Random(int(os.environ.get("ARRIVALS_SEED", "20261202")))
    wrong = []
    for number in range(cases):
        requests, expected = [], []
        count = rng.randint(1, 12)
        for i in range(count):
            form, reply = rng.choice(alone)
            form += "&X=" + "a" * rng.randrange(0, 12000)
            # A body past the hand-off (libfcgi reads its rest from the
            # socket, and may read ahead of it) only as the last request.
            if i == count - 1 and rng.random() < 0.3:
                form += "".join(f"&Y{k}=" + "b" * 12000 for k in range(3))
            # Record shapes within the server's limits (1,024 records; a
            # buffer that holds the body up to its hand-off): nginx sends
            # records of up to 32 KiB padded to a multiple of 8 bytes.
            size = rng.choice([65535, 32768, rng.randint(1024, 16384)])
            padding = rng.choice([0, rng.randint(0, 7), rng.randint(0, 255)])
            requests.append(request(form, size, padding))
            expected.append(reply)
        data = b"".join(requests)
        cuts = sorted(rng.sample(range(1, len(data)), min(rng.randint(0, 6), len(data) - 1)))
        pieces = [data[a:b] for a, b in zip([0] + cuts, cuts + [len(data)])]
        half_close = rng.random() < 0.5
        connection = connect(path)
        for i, piece in enumerate(pieces):
            if i:
                time.sleep(rng.choice([0, 0.001, 0.02]))
            connection.sendall(piece)
        if half_close:
            connection.shutdown(socket.SHUT_WR)
        got = [summary(answer(connection, 5)) for _ in expected]
        if half_close:
            got.append("closed" if closed_by_server(connection) else "left open")
            expected = expected + ["closed"]
        connection.close()
        if got != expected:
            wrong.append(f"case {number}: {len(requests)} requests, {len(data)} bytes in {len(pieces)} pieces"
                         f"{', half-closed' if half_close else ''}: got {' | '.join(got)}")
    print(f"random arrivals: {len(wrong)} of {cases} wrong" + (f"; {wrong[0]}" if wrong else ""), flush=True)


def main():
    path, first, second, third, big, cases = sys.argv[1:7]
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
    # The same after a first kilobyte, the peer's end of sending coming with
    # them: what is still in the socket is read before the end is believed.
    pipelined = big_request * 3 + two
    case("the same after a first KiB, then the end of sending", path, [pipelined[:1024], pipelined[1024:]], 4,
         half_close=True)
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
    # A request and the end of sending reaching the loop in one event: while
    # the loop is held in libfcgi reading a body past the hand-off, a
    # connection it already watches sends a request and ends its side. It is
    # answered, then closed, not kept open for what cannot come.
    watched = connect(path)
    time.sleep(0.2)
    holding = connect(path)
    holding.sendall(big_request[:-1024])
    time.sleep(0.2)
    watched.sendall(one)
    watched.shutdown(socket.SHUT_WR)
    time.sleep(0.2)
    holding.sendall(big_request[-1024:])
    first = summary(answer(holding, 5))
    second = summary(answer(watched, 5))
    closed = "closed" if closed_by_server(watched) else "left open"
    print(f"a request and the end of sending in one event: {first} | {second} | {closed}")
    random_arrivals(path, [sys.argv[2], sys.argv[3]], int(cases))


if __name__ == "__main__":
    main()
