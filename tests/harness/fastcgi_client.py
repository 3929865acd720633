"""A web server's side of FastCGI, for the suites that speak it themselves:
requests with FCGI_KEEP_CONN as nginx sends them, and their answers."""
import socket
import struct

RESPONDER_KEEP_CONN = struct.pack(">HB5x", 1, 1)


def record(kind, content=b"", padding=0):
    return struct.pack(">BBHHBx", 1, kind, 1, len(content), padding) + content + bytes(padding)


def pair(name, value):
    def length(n):
        return bytes([n]) if n < 128 else struct.pack(">I", n | 0x80000000)

    return length(len(name)) + length(len(value)) + name + value


def stream(kind, data, size=65535, padding=0):
    """`data` as records of `kind` (at most `size` bytes each, each followed by
    `padding` bytes), then the empty one that ends it."""
    return b"".join(record(kind, data[i:i + size], padding) for i in range(0, len(data), size)) + record(kind)


def request(form, body_record_size=65535, body_padding=0):
    """A POST of `form` to /sms, keeping the connection; its body in records
    of at most `body_record_size` bytes, each padded with `body_padding`."""
    body = form.encode()
    params = {
        "GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": "POST", "SCRIPT_NAME": "/sms",
        "REQUEST_URI": "/sms", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "127.0.0.1",
        "CONTENT_TYPE": "application/x-www-form-urlencoded", "CONTENT_LENGTH": str(len(body)),
    }
    encoded = b"".join(pair(k.encode(), v.encode()) for k, v in params.items())
    return record(1, RESPONDER_KEEP_CONN) + stream(4, encoded) + stream(5, body, body_record_size, body_padding)


def answer(connection, timeout):
    """The stdout of one response on a Connection (see connect), or None when
    none came in time or the server closed the connection."""
    connection.settimeout(timeout)
    data, out = connection.unread, b""
    try:
        while True:
            while len(data) >= 8:
                _, kind, _, length, padding = struct.unpack(">BBHHB", data[:7])
                if len(data) < 8 + length + padding:
                    break
                content, data = data[8:8 + length], data[8 + length + padding:]
                if kind == 6:
                    out += content
                elif kind == 3:
                    connection.unread = data  # the start of the next answer, if it came along
                    return out.decode(errors="replace")
            chunk = connection.recv(65536)
            if not chunk:
                return None
            data += chunk
    except OSError:  # a timeout, or the server reset the connection
        return None


def message(text):
    """The <Message> text of an answer (the whole answer when it has none)."""
    start = text.find("<Message>")
    return text[start + 9:text.find("</Message>")] if start >= 0 else text


class Connection(socket.socket):
    """A unix-socket connection that can keep the bytes read past one answer."""

    unread = b""


def connect(path):
    connection = Connection(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.connect(path)
    return connection
