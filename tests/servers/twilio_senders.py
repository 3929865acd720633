#!/usr/bin/env python3
"""Load driver for tests/servers/*: senders texting the counter conversation
as Twilio calls a webhook, for a fixed time.

Each sender is one thread with one kept-alive HTTP connection. It posts
Twilio's incoming-SMS form (From, To, Body, a new MessageSid per message),
keeps the Set-Cookie of each 200 as Twilio keeps it, and checks that the
reply carries the count the conversation must have reached. A request that
fails (no answer, or a status other than 200) is retried once, as Twilio
does, with the same MessageSid and the same old cookie; if the retry fails
too the message is lost, and the conversation goes on from the old cookie.

Prints one line of NAME=NUMBER figures:
  messages            messages sent (each counted once, retries not)
  answers             HTTP answers received, retries included
  ok                  answers with status 200
  status_502          answers with status 502 (nginx had no instance to ask)
  other_status        answers with any other status but 200
  no_answer           requests that got no HTTP answer at all
  retried             messages whose first request failed
  failed_after_retry  messages whose retry failed too
  wrong_counts        200 answers whose reply is not the expected count

  twilio_senders.py URL [--senders N] [--seconds S]
"""
import argparse
import http.client
import re
import threading
import time
import urllib.parse

FIRST_REPLY = "Hello, thanks for the new message."
LATER_REPLY = "Hello, thanks for message number {}"
MESSAGE = re.compile(r"<Message>(.*?)</Message>")
FIGURES = ("messages", "answers", "ok", "status_502", "other_status", "no_answer",
           "retried", "failed_after_retry", "wrong_counts")


def expected_reply(count):
    return FIRST_REPLY if count == 1 else LATER_REPLY.format(count)


def count_in(reply):
    """The count a counter reply states (1 for the first message), or None."""
    if reply == FIRST_REPLY:
        return 1
    match = re.fullmatch(LATER_REPLY.format(r"(\d+)"), reply)
    return int(match.group(1)) if match else None


class Sender:
    def __init__(self, url, number, figures, lock):
        self.url = url
        self.number = number
        self.figures = figures
        self.lock = lock
        self.connection = None
        self.cookie = None
        self.count = 0  # messages the conversation has counted so far

    def add(self, name, amount=1):
        with self.lock:
            self.figures[name] += amount

    def form(self, n):
        return urllib.parse.urlencode({
            "ToCountry": "US",
            "SmsMessageSid": self.sid(n),
            "NumMedia": "0",
            "SmsStatus": "received",
            "Body": f"message {n}",
            "To": "+14155550199",
            "NumSegments": "1",
            "MessageSid": self.sid(n),
            "AccountSid": "AC" + "0" * 32,
            "From": f"+1415556{self.number:04d}",
            "ApiVersion": "2010-04-01",
        })

    def sid(self, n):
        return f"SM{self.number:08x}{n:024x}"

    def post(self, body, cookie):
        """One webhook request: (status, reply text, Set-Cookie pair), or None."""
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if cookie:
            headers["Cookie"] = cookie
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.url.hostname, self.url.port, timeout=20)
            self.connection.request("POST", self.url.path, body, headers)
            response = self.connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            set_cookie = response.getheader("Set-Cookie")
        except (OSError, http.client.HTTPException):
            if self.connection is not None:
                self.connection.close()
            self.connection = None
            self.add("no_answer")
            return None
        self.add("answers")
        if response.status == 200:
            self.add("ok")
        elif response.status == 502:
            self.add("status_502")
        else:
            self.add("other_status")
        if response.will_close:
            self.connection.close()
            self.connection = None
        match = MESSAGE.search(text)
        return response.status, match.group(1) if match else text, set_cookie and set_cookie.split(";")[0]

    def send(self, n):
        self.add("messages")
        body = self.form(n)
        answer = self.post(body, self.cookie)
        if answer is None or answer[0] != 200:
            self.add("retried")
            answer = self.post(body, self.cookie)  # same MessageSid, same old cookie
            if answer is None or answer[0] != 200:
                self.add("failed_after_retry")
                return
        _, reply, set_cookie = answer
        if reply == expected_reply(self.count + 1):
            self.count += 1
        else:
            self.add("wrong_counts")
            self.count = count_in(reply) or self.count
        self.cookie = set_cookie or self.cookie

    def run(self, deadline):
        n = 1
        while time.monotonic() < deadline:
            self.send(n)
            n += 1
        if self.connection is not None:
            self.connection.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--senders", type=int, default=60)
    parser.add_argument("--seconds", type=float, default=30)
    arguments = parser.parse_args()
    url = urllib.parse.urlsplit(arguments.url)
    figures = dict.fromkeys(FIGURES, 0)
    lock = threading.Lock()
    deadline = time.monotonic() + arguments.seconds
    threads = [threading.Thread(target=Sender(url, i, figures, lock).run, args=(deadline,))
               for i in range(arguments.senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(" ".join(f"{name}={figures[name]}" for name in FIGURES))


if __name__ == "__main__":
    main()
