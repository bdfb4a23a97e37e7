#!/usr/bin/env python3
"""A mutating reverse proxy for red-teaming kms-conformance.

It sits between the suite and a faithful stub (`kms-conformance stub`) and
makes the pair wrong in exactly one way, chosen by --mutation (see
mutations.py): a plausible bug of a KMS emulator or a plausible fault of a
gateway. Requests that a mutation rewrites are signed again with the secret
the stub checks (`test`, or a role session's, learned from AssumeRole
answers), but only when the suite's own signature held: a request the suite
signed wrong on purpose stays wrong.

    python3 mutproxy.py --listen 127.0.0.1:PORT --upstream 127.0.0.1:STUBPORT --mutation NAME

Python 3.11 standard library only. Never prints a credential.
"""

import argparse
import gzip
import http.client
import json
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import sigv4

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection"}


class State:
    """What a mutation may remember between exchanges, and the secrets learned."""

    def __init__(self):
        self.lock = threading.RLock()
        self.secrets = {}  # access key -> secret (role sessions); the default is "test"
        self.data = {}

    def secret(self, ak):
        with self.lock:
            return self.secrets.get(ak, "test")


STATE = State()
UPSTREAM = ("127.0.0.1", 4599)
MUTATION = None
_local = threading.local()


class Exchange:
    """One request on its way, and later its answer."""

    def __init__(self, method, path, headers, body):
        self.method = method
        self.path = path
        self.headers = headers  # list of (name, value), as received
        self.body = body
        self.changed = False
        self.region_override = None
        self.signature_ok = None
        # the answer
        self.status = None
        self.reason = None
        self.resp_headers = None
        self.resp_body = None
        # how to write the answer
        self.write_mode = "normal"  # normal | chunked | http10 | truncate | close | gzip
        self.delay = 0.0

    # --- request helpers
    def header(self, name):
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None

    def set_header(self, name, value):
        self.headers = [(k, v) for k, v in self.headers if k.lower() != name.lower()]
        if value is not None:
            self.headers.append((name, value))

    @property
    def lheaders(self):
        return {k.lower(): v for k, v in self.headers}

    @property
    def target(self):
        return self.header("x-amz-target") or ""

    @property
    def op(self):
        return self.target.rsplit(".", 1)[-1]

    @property
    def auth(self):
        return sigv4.parse(self.header("authorization"))

    @property
    def service(self):
        a = self.auth
        return a["service"] if a else None

    @property
    def region(self):
        a = self.auth
        return a["region"] if a else None

    def json(self):
        try:
            return json.loads(self.body or b"{}")
        except ValueError:
            return None

    def set_json(self, doc):
        self.body = json.dumps(doc).encode()
        self.changed = True

    # --- response helpers
    def resp_header(self, name):
        for k, v in self.resp_headers or []:
            if k.lower() == name.lower():
                return v
        return None

    def set_resp_header(self, name, value):
        self.resp_headers = [(k, v) for k, v in self.resp_headers if k.lower() != name.lower()]
        if value is not None:
            self.resp_headers.append((name, value))

    def resp_json(self):
        try:
            return json.loads(self.resp_body) if self.resp_body else None
        except ValueError:
            return None

    def set_resp_json(self, doc):
        self.resp_body = json.dumps(doc, separators=(",", ":")).encode()

    def error_type(self):
        d = self.resp_json()
        if isinstance(d, dict):
            return d.get("__type")
        return None


def _connection():
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = http.client.HTTPConnection(*UPSTREAM, timeout=60)
        _local.conn = conn
    return conn


def send_upstream(ex):
    """Forward `ex` to the stub, signing again if a mutation changed it."""
    headers = list(ex.headers)
    if ex.changed or ex.region_override:
        lh = {k.lower(): v for k, v in headers}
        if ex.signature_ok and lh.get("authorization"):
            auth = sigv4.parse(lh["authorization"])
            new = sigv4.resign(ex.method, ex.path, lh, ex.body, STATE.secret(auth["ak"]), ex.region_override)
            headers = [(k, v) for k, v in headers if k.lower() != "authorization"] + [("Authorization", new)]
    for attempt in range(2):
        conn = _connection()
        try:
            conn.putrequest(ex.method, ex.path, skip_host=True, skip_accept_encoding=True)
            for k, v in headers:
                if k.lower() in HOP_BY_HOP or k.lower() == "content-length":
                    continue
                conn.putheader(k, v)
            conn.putheader("Content-Length", str(len(ex.body)))
            conn.endheaders(ex.body)
            r = conn.getresponse()
            body = r.read()
            return r.status, r.reason, [(k, v) for k, v in r.getheaders() if k.lower() not in HOP_BY_HOP], body
        except (http.client.HTTPException, OSError):
            conn.close()
            _local.conn = None
            if attempt:
                raise
    raise RuntimeError("unreachable")


def call(like, op, doc, region=None):
    """A call of the proxy's own to the stub, as the caller of `like` (signed with its secret)."""
    ex = Exchange("POST", "/", list(like.headers), json.dumps(doc).encode())
    ex.set_header("X-Amz-Target", "TrentService." + op)
    ex.set_header("x-kms-conformance-exchange", None)
    ex.signature_ok = like.signature_ok
    ex.changed = True
    ex.region_override = region
    if region:
        # the host stays; only the scope changes
        pass
    status, reason, headers, body = send_upstream(ex)
    try:
        return status, json.loads(body) if body else None
    except ValueError:
        return status, None


def learn_secrets(ex):
    """Keep the secrets STS hands out, so role sessions' rewritten requests can be signed again."""
    if ex.resp_body and b"<SecretAccessKey>" in ex.resp_body:
        text = ex.resp_body.decode("utf-8", "replace")
        ak = re.search(r"<AccessKeyId>([^<]+)</AccessKeyId>", text)
        sk = re.search(r"<SecretAccessKey>([^<]+)</SecretAccessKey>", text)
        if ak and sk:
            with STATE.lock:
                STATE.secrets[ak.group(1)] = sk.group(1)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def do_POST(self):
        self._handle()

    def do_GET(self):
        self._handle()

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        ex = Exchange(self.command, self.path, list(self.headers.items()), body)
        if ex.header("authorization"):
            ak = ex.auth["ak"] if ex.auth else ""
            ex.signature_ok = sigv4.verify(ex.method, ex.path, ex.lheaders, ex.body, STATE.secret(ak))
        try:
            synthetic = MUTATION.on_request(ex) if MUTATION else None
            if synthetic is None:
                ex.status, ex.reason, ex.resp_headers, ex.resp_body = send_upstream(ex)
            else:
                ex.status, ex.resp_headers, ex.resp_body = synthetic
                ex.reason = http.client.responses.get(ex.status, "")
            learn_secrets(ex)
            if MUTATION:
                MUTATION.on_response(ex)
        except Exception as e:  # noqa: BLE001 - a proxy answers 502 as real ones do
            print(f"mutproxy: {type(e).__name__}: {e}", file=sys.stderr)
            ex.status, ex.reason, ex.resp_headers, ex.resp_body = 502, "Bad Gateway", [("Content-Type", "text/plain")], b"bad gateway"
        self._write(ex)

    def _write(self, ex):
        if ex.delay:
            threading.Event().wait(ex.delay)
        body = ex.resp_body or b""
        headers = [(k, v) for k, v in ex.resp_headers if k.lower() != "content-length"]
        mode = ex.write_mode
        if mode == "gzip":
            body = gzip.compress(body)
            headers.append(("Content-Encoding", "gzip"))
            mode = "normal"
        if mode == "http10":
            out = [f"HTTP/1.0 {ex.status} {ex.reason or ''}".rstrip()]
            out += [f"{k}: {v}" for k, v in headers]
            out.append("Connection: close")
            self.wfile.write(("\r\n".join(out) + "\r\n\r\n").encode("latin-1") + body)
            self.wfile.flush()
            self.close_connection = True
            return
        self.send_response_only(ex.status, ex.reason)
        for k, v in headers:
            self.send_header(k, v)
        if mode == "chunked":
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i in range(0, len(body), 7):
                chunk = body[i : i + 7]
                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
            return
        if mode == "truncate":
            # announce the whole body, send less, and hang up
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body[: max(0, len(body) - 5)])
            self.wfile.flush()
            self.close_connection = True
            return
        if mode == "length-plus":
            self.send_header("Content-Length", str(len(body) + 3))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
            self.close_connection = True
            return
        self.send_header("Content-Length", str(len(body)))
        if mode == "close":
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()


def main():
    global UPSTREAM, MUTATION
    p = argparse.ArgumentParser()
    p.add_argument("--listen", required=True)
    p.add_argument("--upstream", required=True)
    p.add_argument("--mutation", default="none")
    a = p.parse_args()
    host, port = a.upstream.rsplit(":", 1)
    UPSTREAM = (host, int(port))
    import mutations

    mutations.PROXY = sys.modules[__name__]
    MUTATION = mutations.get(a.mutation, STATE, call)
    lhost, lport = a.listen.rsplit(":", 1)
    server = ThreadingHTTPServer((lhost, int(lport)), Handler)
    server.daemon_threads = True
    server.request_queue_size = 256
    print(f"mutproxy: {a.mutation} on {a.listen} -> {a.upstream}", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
