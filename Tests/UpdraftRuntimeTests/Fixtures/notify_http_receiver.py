#!/usr/bin/env python3
"""A webhook receiver for the notifier tests: python3 notify_http_receiver.py PORT_FILE OUT_DIR

Listens on 127.0.0.1 (a free port, written to PORT_FILE once it listens). Every POST is saved
as OUT_DIR/<n>.json: {"path": ..., "body": <the request body as text>}, then answered by path:
  /fail...  HTTP 500 (the request is still saved)
  /hang...  never answered (the connection stays open for 120 s)
  anything else  HTTP 200 "ok"
"""
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port_file, out_dir = sys.argv[1], sys.argv[2]
os.makedirs(out_dir, exist_ok=True)
lock = threading.Lock()
count = [0]


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace")
        with lock:
            count[0] += 1
            n = count[0]
        record = {"path": self.path, "body": body, "content_type": self.headers.get("Content-Type")}
        tmp = os.path.join(out_dir, f".{n}.tmp")
        with open(tmp, "w") as f:
            json.dump(record, f)
        os.rename(tmp, os.path.join(out_dir, f"{n}.json"))
        if self.path.startswith("/hang"):
            time.sleep(120)
            return
        status = 500 if self.path.startswith("/fail") else 200
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
