#!/usr/bin/env python3
"""An SMTP server for the notifier tests (aiosmtpd, from PyPI):
python3 notify_smtp_receiver.py PORT_FILE OUT_DIR LOGIN PASSWORD

Listens on 127.0.0.1 (a free port, written to PORT_FILE once it listens), requires AUTH with
LOGIN/PASSWORD (PLAIN or LOGIN, without TLS), and saves every message as OUT_DIR/<n>.json:
{"mail_from", "rcpt_tos", "subject", "body", "raw"}. Exits 3 when aiosmtpd is missing.
"""
import email
import email.policy
import json
import os
import socket
import sys
import time
import warnings

warnings.filterwarnings("ignore")

try:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult
except ImportError as e:
    print(f"aiosmtpd is missing ({e}): pip install aiosmtpd (.ci/setup does)", file=sys.stderr)
    sys.exit(3)

port_file, out_dir, login, password = sys.argv[1:5]
os.makedirs(out_dir, exist_ok=True)
count = [0]


class Handler:
    async def handle_DATA(self, server, session, envelope):
        count[0] += 1
        raw = envelope.content.decode("utf-8", "replace")
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = msg.get_content() if not msg.is_multipart() else ""
        record = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                  "subject": str(msg["subject"]), "body": body, "raw": raw}
        tmp = os.path.join(out_dir, f".{count[0]}.tmp")
        with open(tmp, "w") as f:
            json.dump(record, f)
        os.rename(tmp, os.path.join(out_dir, f"{count[0]}.json"))
        return "250 OK"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login.decode() == login and auth_data.password.decode() == password
    return AuthResult(success=ok)


with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
controller = Controller(Handler(), hostname="127.0.0.1", port=port, authenticator=authenticator,
                        auth_required=True, auth_require_tls=False)
controller.start()
with open(port_file + ".tmp", "w") as f:
    f.write(str(port))
os.rename(port_file + ".tmp", port_file)
while True:
    time.sleep(3600)
