#!/usr/bin/env python3
"""Catalogue benchmark client (see BENCHMARKS.md). Sequential requests over one keep-alive
connection; server time is read from the Server-Timing header, SQL statements per request from
pg_stat_statements. Standard library only."""
import argparse
import http.client
import re
import subprocess
import time
import urllib.parse


class Client:
    def __init__(self, host, port):
        self.conn = http.client.HTTPConnection(host, port, timeout=60)
        self.cookies = {}
        self.csrf = None

    def request(self, method, path, body=None, headers=None):
        h = {"Accept": "text/html", **(headers or {})}
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        start = time.perf_counter()
        self.conn.request(method, path, body=body, headers=h)
        resp = self.conn.getresponse()
        data = resp.read()
        client_ms = (time.perf_counter() - start) * 1000
        for value in resp.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";")[0]
        timing = resp.headers.get("Server-Timing", "")
        m = re.search(r"dur=([\d.]+)", timing)
        server_ms = float(m.group(1)) if m else float("nan")
        return resp.status, data.decode("utf-8", "replace"), server_ms, client_ms

    def open(self):
        status, body, _, _ = self.request("GET", "/")
        self.csrf = re.search(r'name="csrf-token" content="([^"]+)"', body).group(1)

    def post_form(self, path, fields, accept="application/json"):
        body = urllib.parse.urlencode([("csrf", self.csrf)] + fields)
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})


def page_bytes(client, path):
    """Bytes of one response to `path` as sent: plain, gzip and Brotli (not decompressed)."""
    sizes = []
    for encoding in ("identity", "gzip", "br"):
        h = {"Accept": "text/html", "Accept-Encoding": encoding}
        if client.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
        client.conn.request("GET", path, headers=h)
        resp = client.conn.getresponse()
        sizes.append(len(resp.read()))
    return sizes


def psql(db, sql):
    return subprocess.run(["psql", "-At", db, "-c", sql], check=True, capture_output=True, text=True).stdout.strip()


def reset(db):
    psql(db, "SELECT pg_stat_statements_reset()")


def statements(db):
    return int(psql(db, "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE query !~* 'pg_stat_statements'"))


def pct(samples, p):
    s = sorted(samples)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def measure(name, db, n, warmup, call, check):
    for _ in range(warmup):
        check(*call())
    reset(db)
    server, client = [], []
    for _ in range(n):
        status, body, s_ms, c_ms = call()
        check(status, body, s_ms, c_ms)
        server.append(s_ms)
        client.append(c_ms)
    q = statements(db) / n
    return {"name": name, "n": n, "p50": pct(server, 50), "p95": pct(server, 95), "client_p95": pct(client, 95), "queries": q}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=3200)
    ap.add_argument("--db", required=True)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--label", default="")
    args = ap.parse_args()
    results = []

    anon = Client("127.0.0.1", args.port)
    anon.open()
    variants_shown = {}

    def catalogue():
        return anon.request("GET", "/catalogue?par_page=500")

    def check_catalogue(status, body, *_):
        assert status == 200, status
        variants_shown["n"] = body.count('class="variant"')

    results.append(measure("catalogue page", args.db, args.n, 10, catalogue, check_catalogue))
    results[-1]["what"] = f"{variants_shown['n']} variants shown"

    producer = Client("127.0.0.1", args.port)
    producer.open()
    status, body, _, _ = producer.post_form("/api/sign_in", [("email", "bench@maillon.test"), ("password", "maillon-demo-2026")])
    assert status in (200, 302), (status, body)
    rows = {}

    def bulk_screen():
        return producer.request("GET", "/producteur/edition")

    def check_screen(status, body, *_):
        assert status == 200, status
        rows["ids"] = re.findall(r'name="rows\[\d+\]\[variant_id\]" value="(\d+)"', body)

    results.append(measure("bulk edit screen", args.db, max(20, args.n // 2), 3, bulk_screen, check_screen))
    results[-1]["what"] = f"{len(rows['ids'])} rows"

    counter = {"i": 0}

    def bulk_save():
        counter["i"] += 1
        fields = []
        for i, vid in enumerate(rows["ids"]):
            fields += [
                (f"rows[{i}][variant_id]", vid),
                (f"rows[{i}][retail_price]", f"{3 + (i + counter['i']) % 7},{(i * 7) % 100:02d}"),
                (f"rows[{i}][stock]", str((i + counter["i"]) % 50)),
                (f"rows[{i}][active]", "on"),
            ]
        return producer.post_form("/api/bulk_save", fields)

    def check_save(status, body, *_):
        assert status == 200 and body.strip() == str(len(rows["ids"])), (status, body[:200])

    results.append(measure("bulk save", args.db, max(20, args.n // 3), 3, bulk_save, check_save))
    results[-1]["what"] = f"{len(rows['ids'])} rows in one request"

    weights = [
        ("catalogue page", page_bytes(anon, "/catalogue?par_page=500")),
        ("catalogue, first page (48 products)", page_bytes(anon, "/catalogue")),
        ("bulk edit screen", page_bytes(producer, "/producteur/edition")),
    ]

    print(f"\n### {args.label}\n")
    print("| scenario | size | requests | server p50 (ms) | server p95 (ms) | client p95 (ms) | SQL statements / request |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['name']} | {r['what']} | {r['n']} | {r['p50']:.1f} | {r['p95']:.1f} | {r['client_p95']:.1f} | {r['queries']:.1f} |")
    print("\n| page | HTML bytes | gzip | Brotli |")
    print("|---|---|---|---|")
    for name, (plain, gz, br) in weights:
        print(f"| {name} | {plain:,} | {gz:,} | {br:,} |")


if __name__ == "__main__":
    main()
