#!/usr/bin/env python3
"""An instance that fails mid-request after doing all the work: it listens
on SOCKET as a FastCGI upstream, passes each request to a real sms_fcgi on
BACKEND, reads that instance's whole answer, appends the answer's body to
ANSWERS (one line each), and then closes the web server's connection
without sending a byte, as an instance killed just before it writes would.

  answer_then_fail.py SOCKET BACKEND ANSWERS
"""
import os
import socket
import struct
import sys
import threading

STDOUT, STDIN, END_REQUEST = 6, 5, 3


def read_exactly(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def read_record(conn):
    """(type, content, raw bytes) of the next record, or None at EOF."""
    header = read_exactly(conn, 8)
    if header is None:
        return None
    _, kind, _, length, padding = struct.unpack(">BBHHBx", header)
    body = read_exactly(conn, length + padding)
    if body is None:
        return None
    return kind, body[:length], header + body


def serve(conn, backend, answers, lock):
    with conn:
        request = b""
        while True:  # up to the empty FCGI_STDIN record that ends the request
            record = read_record(conn)
            if record is None:
                return
            request += record[2]
            if record[0] == STDIN and not record[1]:
                break
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as upstream:
            upstream.connect(backend)
            upstream.sendall(request)
            stdout = b""
            while True:
                record = read_record(upstream)
                if record is None or record[0] == END_REQUEST:
                    break
                if record[0] == STDOUT:
                    stdout += record[1]
        body = stdout.split(b"\r\n\r\n", 1)[-1]
        with lock, open(answers, "ab") as out:
            out.write(body + b"\n")
        # Closing here, with nothing written: nginx sees the upstream fail.


def main():
    path, backend, answers = sys.argv[1:4]
    if os.path.exists(path):
        os.unlink(path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    lock = threading.Lock()
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve, args=(conn, backend, answers, lock), daemon=True).start()


if __name__ == "__main__":
    main()
