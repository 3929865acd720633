#!/usr/bin/env python3
"""A local HTTP(S) endpoint for tests/servers/flow_calls.sh: what a flow's
make-http-request and run-function widgets call. Standard library only.

  http_endpoint.py --port P [--tls-port Q --cert C --key K] [--auth-token T]
                   [--log F] --ready-file F

Binds 127.0.0.1 only, writes the ready file once every port listens, runs
until SIGTERM. Routes (GET and POST): /echo, /customer, /text, /status/NNN,
/slow?ms=N, /hold, /held, /release, /big, /redirect, /function. Every request
is appended to --log as one JSON line (never its body: only its length), so
the suite can tell what was sent, and what was not."""
import argparse, base64, hashlib, hmac, json, signal, ssl, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

args = None
log_lock = threading.Lock()
hold = threading.Condition()  # /hold waits on it; /release bumps the generation
state = {"held": 0, "generation": 0}
CUSTOMER = {"name": "Ada", "plan": {"tier": "gold", "limits": [5, 10, 20]},
            "tags": ["a", "b", "c"], "active": True, "visits": 3}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive allowed: every answer has a Content-Length

    def log_message(self, *_):  # quiet: the JSON log is the record
        pass

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            body = b""
            while True:  # chunk sizes in hex, each chunk followed by CRLF; 0 ends it
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return body
                body += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def reply(self, status, body, ctype="application/json", headers=()):
        data = body if isinstance(body, bytes) else (
            json.dumps(body).encode() if ctype == "application/json" else body.encode())
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.handle_any()

    do_POST = do_GET

    def handle_any(self):
        url = urlsplit(self.path)
        path, ctype = url.path, self.headers.get("Content-Type", "")
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        raw = self.read_body()
        text = raw.decode("utf-8", "replace")
        form = dict(parse_qsl(text, keep_blank_values=True)) \
            if ctype.lower().startswith("application/x-www-form-urlencoded") else {}
        if args.log:
            line = {"method": self.command, "path": path, "query": url.query,
                    "content_type": ctype, "has_signature": "X-Twilio-Signature" in self.headers,
                    "body_length": len(raw), "tls": isinstance(self.connection, ssl.SSLSocket)}
            with log_lock, open(args.log, "a") as log:
                log.write(json.dumps(line) + "\n")
        if path == "/echo":
            parsed = None
            if "json" in ctype.lower():
                try:
                    parsed = json.loads(text)
                except ValueError:
                    pass
            self.reply(200, {"method": self.command, "path": path, "query": query,
                             "content_type": ctype, "body": text, "form": form, "json": parsed})
        elif path == "/customer":
            phone = query.get("phone", form.get("phone"))
            self.reply(200, dict(CUSTOMER, **({"phone": phone} if phone is not None else {})))
        elif path == "/text":
            self.reply(200, "plain words", "text/plain; charset=utf-8")
        elif path.startswith("/status/") and path[8:].isdigit():
            self.reply(int(path[8:]), {"status": int(path[8:])})
        elif path == "/slow":
            ms = int(query.get("ms", "0"))
            time.sleep(ms / 1000)
            self.reply(200, {"slept": ms})
        elif path == "/hold":  # blocks until /release (or 8 s): the concurrency check
            with hold:
                state["held"] += 1
                generation = state["generation"]
                hold.wait_for(lambda: state["generation"] != generation, timeout=8)
                state["held"] -= 1
            self.reply(200, {"held": True})
        elif path == "/held":
            with hold:
                self.reply(200, str(state["held"]), "text/plain")
        elif path == "/release":
            with hold:
                state["generation"] += 1
                hold.notify_all()
            self.reply(200, "released", "text/plain")
        elif path == "/big":  # 70,000 bytes of JSON: more than the 64 KiB a widget reads
            pad = 70000 - len(json.dumps({"pad": ""}))
            self.reply(200, json.dumps({"pad": "x" * pad}).encode())
        elif path == "/redirect":
            self.reply(302, {"to": "/customer"}, headers=[("Location", "/customer")])
        elif path == "/function":
            self.reply(*self.check_signature(url, form))
        else:
            self.reply(404, {"status": 404})

    def check_signature(self, url, form):
        """Twilio's scheme: HMAC-SHA1 keyed with the auth token over the URL as
        requested (scheme, 127.0.0.1, port, path, query), then each form
        parameter's name and value, sorted by name; base64."""
        scheme = "https" if isinstance(self.connection, ssl.SSLSocket) else "http"
        signed = "%s://127.0.0.1:%d%s" % (scheme, self.server.server_address[1], self.path)
        signed += "".join(name + value for name, value in sorted(form.items()))
        expected = base64.b64encode(hmac.new((args.auth_token or "").encode(),
                                             signed.encode(), hashlib.sha1).digest()).decode()
        given = self.headers.get("X-Twilio-Signature", "")
        if args.auth_token and given and hmac.compare_digest(given, expected):
            return 200, {"valid": True, "params": form}
        return 403, {"valid": False}


class TLSServer(ThreadingHTTPServer):
    """The handshake happens in the request's own thread (on its first read),
    so a client that refuses our certificate does not stall the accept loop."""
    context = None

    def get_request(self):
        sock, addr = self.socket.accept()
        return self.context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), addr

    def handle_error(self, request, client_address):  # a refused handshake is expected
        pass


def main():
    global args
    parser = argparse.ArgumentParser()
    for name in ("--port", "--tls-port"):
        parser.add_argument(name, type=int)
    for name in ("--cert", "--key", "--auth-token", "--log", "--ready-file"):
        parser.add_argument(name)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    servers = [ThreadingHTTPServer(("127.0.0.1", args.port), Handler)]
    if args.tls_port:
        tls = TLSServer(("127.0.0.1", args.tls_port), Handler)
        tls.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.context.load_cert_chain(args.cert, args.key)
        servers.append(tls)
    for server in servers:
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
    if args.ready_file:
        open(args.ready_file, "w").write("ready\n")
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
