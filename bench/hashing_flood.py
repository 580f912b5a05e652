#!/usr/bin/env python3
"""Hashing flood (BENCHMARKS.md, "Hashing flood"): N anonymous requests at once that each make
the server run argon2 (half sign-ups, half sign-ins, random addresses), while one legitimate
member signs in. Reports the answers by status, the server's resident memory (peak and
before), and the member's sign-in latency.

--spread: each request comes from its own X-Forwarded-For address (start the server with
MAILLON_TRUST_PROXY=true), so the per-address limit never applies and only the bound on
concurrent hashing protects the server; without it, all come from one address and the
per-address limit answers 429.

--sign-ins-only: every flood request is a sign-in with an unknown address (verified against
a dummy hash: the same argon2 work as a sign-up, and no account created).

Usage: hashing_flood.py BASE_URL SERVER_PID [--requests 200] [--spread] [--sign-ins-only]
"""
import http.client
import re
import secrets
import sys
import threading
import time
import urllib.parse

base, pid = sys.argv[1], int(sys.argv[2])
requests = int(sys.argv[sys.argv.index("--requests") + 1]) if "--requests" in sys.argv else 200
spread = "--spread" in sys.argv
sign_ins_only = "--sign-ins-only" in sys.argv
host = urllib.parse.urlsplit(base).netloc


def rss_kib(field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def session():
    """A CSRF cookie and token, as a browser gets them from any page."""
    conn = http.client.HTTPConnection(host, timeout=120)
    conn.request("GET", "/")
    resp = conn.getresponse()
    page = resp.read().decode()
    cookie = "; ".join(c.split(";")[0] for c in resp.headers.get_all("set-cookie") or [])
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    return cookie, token


def post(function, fields, cookie, token, ip=None):
    body = urllib.parse.urlencode([("csrf", token)] + fields)
    headers = {"content-type": "application/x-www-form-urlencoded", "cookie": cookie}
    if ip:
        headers["x-forwarded-for"] = ip
    conn = http.client.HTTPConnection(host, timeout=300)
    start = time.monotonic()
    conn.request("POST", f"/api/{function}", body, headers)
    resp = conn.getresponse()
    resp.read()
    return resp.status, time.monotonic() - start


cookie, token = session()
statuses = {}
lock = threading.Lock()
ready = threading.Barrier(requests + 1)


def attacker(i):
    address = f"flood-{secrets.token_hex(6)}@example.org"
    ip = f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}" if spread else None
    if i % 2 and not sign_ins_only:
        fields = [("email", address), ("password", "une phrase de passe assez longue"), ("display_name", "")]
        function = "sign_up"
    else:
        fields = [("email", address), ("password", "une phrase de passe au hasard")]
        function = "sign_in"
    ready.wait()
    status, _ = post(function, fields, cookie, token, ip)
    with lock:
        statuses[f"{function} {status}"] = statuses.get(f"{function} {status}", 0) + 1


rss_before = rss_kib("VmRSS")
threads = [threading.Thread(target=attacker, args=(i,)) for i in range(requests)]
for t in threads:
    t.start()
peak = [rss_kib("VmRSS")]
done = threading.Event()


def sample():
    while not done.is_set():
        peak[0] = max(peak[0], rss_kib("VmRSS"))
        time.sleep(0.01)


sampler = threading.Thread(target=sample)
sampler.start()
start = time.monotonic()
ready.wait()
time.sleep(0.05)  # the flood is under way
member_cookie, member_token = session()
status, latency = post(
    "sign_in",
    [("email", "habitant@maillon.test"), ("password", "maillon-demo-2026")],
    member_cookie,
    member_token,
    ip="192.0.2.200" if spread else None,
)
for t in threads:
    t.join()
elapsed = time.monotonic() - start
done.set()
sampler.join()
print(f"requests: {requests} ({'one X-Forwarded-For address each' if spread else 'all from one address'})")
print(f"answers: {dict(sorted(statuses.items()))}, all answered in {elapsed:.2f} s")
print(f"member's sign-in during the flood: HTTP {status} in {latency * 1000:.0f} ms")
print(f"server RSS: {rss_before / 1024:.0f} MiB before, {peak[0] / 1024:.0f} MiB peak during the flood")
