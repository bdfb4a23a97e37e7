"""SigV4 for the red-team proxy: verify what the suite signed, sign again what a mutation rewrote.

Only what the proxy needs: POST to "/", no query string, the headers the
Authorization header lists. Secrets never leave this process and are never
printed.
"""

import hashlib
import hmac
import re

AUTH_RE = re.compile(
    r"AWS4-HMAC-SHA256\s+Credential=(?P<ak>[^/]+)/(?P<date>\d{8})/(?P<region>[^/]+)/"
    r"(?P<service>[^/]+)/aws4_request,\s*SignedHeaders=(?P<signed>[^,]+),\s*Signature=(?P<sig>[0-9a-f]+)"
)


def parse(authorization):
    """The parts of an Authorization header, or None."""
    m = AUTH_RE.match(authorization or "")
    if not m:
        return None
    d = m.groupdict()
    d["signed"] = d["signed"].split(";")
    return d


def _hmac(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def _canonical_value(v):
    return " ".join(v.strip().split())


def signature(method, path, headers, signed, body, secret, date, region, service):
    """The hex signature of a request; headers: dict lowercase name -> value."""
    amz_date = headers.get("x-amz-date", "")
    canonical_headers = "".join(f"{h}:{_canonical_value(headers.get(h, ''))}\n" for h in signed)
    canonical = "\n".join(
        [method, path or "/", "", canonical_headers, ";".join(signed), hashlib.sha256(body).hexdigest()]
    )
    scope = f"{date}/{region}/{service}/aws4_request"
    to_sign = "\n".join(
        ["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()]
    )
    k = _hmac(("AWS4" + secret).encode(), date)
    k = _hmac(k, region)
    k = _hmac(k, service)
    k = _hmac(k, "aws4_request")
    return hmac.new(k, to_sign.encode(), hashlib.sha256).hexdigest()


def verify(method, path, headers, body, secret):
    auth = parse(headers.get("authorization"))
    if not auth:
        return False
    sig = signature(method, path, headers, auth["signed"], body, secret, auth["date"], auth["region"], auth["service"])
    return hmac.compare_digest(sig, auth["sig"])


def resign(method, path, headers, body, secret, region=None):
    """A new Authorization value for `body` (and optionally another region)."""
    auth = parse(headers.get("authorization"))
    region = region or auth["region"]
    signed = auth["signed"]
    h = dict(headers)
    if "content-length" in signed:
        h["content-length"] = str(len(body))
    sig = signature(method, path, h, signed, body, secret, auth["date"], region, auth["service"])
    return (
        f"AWS4-HMAC-SHA256 Credential={auth['ak']}/{auth['date']}/{region}/{auth['service']}/aws4_request, "
        f"SignedHeaders={';'.join(signed)}, Signature={sig}"
    )
