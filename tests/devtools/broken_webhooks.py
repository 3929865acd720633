#!/usr/bin/env python3
"""Webhook endpoints that answer the way broken deployments do, for the
simulate tests. Listens on 127.0.0.1 on a free port, prints the port on the
first line of stdout, and serves until killed."""
import http.server
import sys
import time

VALID = b'<?xml version="1.0" encoding="UTF-8"?><Response><Message>ok</Message></Response>'

# path -> (status, headers, body)
ENDPOINTS = {
    "/valid": (200, [("Content-Type", "text/xml")], VALID),
    "/wrong-type": (200, [("Content-Type", "application/json")], b'{"message":"ok"}'),
    "/no-type": (200, [], VALID),
    "/not-xml": (200, [("Content-Type", "text/xml")], b"<html><body>Internal error"),
    "/wrong-root": (200, [("Content-Type", "application/xml")], b"<Reply><Message>hi</Message></Reply>"),
    "/status-500": (500, [("Content-Type", "text/html")], b"<h1>Internal Server Error</h1>"),
    "/huge": (200, [("Content-Type", "text/xml")],
              b"<Response><Message>" + b"x" * 70000 + b"</Message></Response>"),
    "/empty-message": (200, [("Content-Type", "text/xml")], b"<Response><Message/></Response>"),
    "/plain": (200, [("Content-Type", "text/plain; charset=utf-8")], b"Plain & simple"),
    "/big-cookie": (200, [("Content-Type", "text/xml"),
                          ("Set-Cookie", "big=" + "a" * 5000 + "; Path=/; Max-Age=14400")], VALID),
    "/bare-cookie": (200, [("Content-Type", "text/xml"), ("Set-Cookie", "bare=1")], VALID),
    "/slow": (200, [("Content-Type", "text/xml")], VALID),
}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        status, headers, body = ENDPOINTS.get(self.path, (404, [("Content-Type", "text/plain")], b"no such endpoint"))
        if self.path == "/slow":
            time.sleep(3)
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
