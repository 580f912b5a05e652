#!/usr/bin/env python3
"""The opening rush (see BENCHMARKS.md): N signed-in buyers each add 3 items to their cart and
check out through the real HTTP endpoints the moment the cycle opens; some variants are scarce.
Reports throughput, latency percentiles, errors by kind and, per variant, that the units sold
equal the stock taken (no oversell). Standard library only; psql for set-up and checks."""
import argparse
import concurrent.futures as cf
import http.client
import json
import random
import re
import subprocess
import threading
import time
import urllib.parse


def psql(url, sql):
    return subprocess.run(["psql", "-qtAX", url, "-c", sql], check=True, capture_output=True, text=True).stdout.strip()


class Buyer:
    def __init__(self, port, email):
        self.port, self.email = port, email
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies, self.csrf = {}, None

    def request(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        start = time.perf_counter()
        self.conn.request(method, path, body=body, headers=h)
        resp = self.conn.getresponse()
        data = resp.read().decode("utf-8", "replace")
        elapsed = (time.perf_counter() - start) * 1000
        for value in resp.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";")[0]
        return resp.status, data, elapsed

    def post(self, fn, fields):
        body = urllib.parse.urlencode([("csrf", self.csrf)] + fields)
        return self.request("POST", f"/api/{fn}", body,
                            {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"})

    def sign_in(self, password):
        _, page, _ = self.request("GET", "/connexion")
        self.csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
        status, body, _ = self.post("sign_in", [("email", self.email), ("password", password)])
        assert status in (200, 302, 303), (status, body)


def kind_of(status, body):
    if status in (200, 302, 303):
        return "ok"
    try:
        err = json.loads(body)
        name = next(iter(err)) if isinstance(err, dict) else str(err)
        if name == "Invalid":
            name += ":" + err["Invalid"]["msg"]
        return f"{status} {name}"
    except Exception:
        return f"{status} {body[:60]}"


def pct(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=3200)
    ap.add_argument("--db", required=True)
    ap.add_argument("--buyers", type=int, default=1000)
    ap.add_argument("--concurrency", type=int, default=100)
    ap.add_argument("--password", default="maillon-demo-2026")
    args = ap.parse_args()
    rnd = random.Random(42)
    db = args.db

    # Buyers: verified resident accounts sharing the demo password's hash.
    psql(db, f"""
      INSERT INTO users (email, password_hash, display_name, email_verified_at)
      SELECT 'rush' || g || '@maillon.test', (SELECT password_hash FROM users WHERE email = 'habitant@maillon.test'),
             'Acheteur ' || g, now() FROM generate_series(1, {args.buyers}) g;
      INSERT INTO memberships (coop_id, user_id) SELECT c.id, u.id FROM users u, coops c WHERE u.email LIKE 'rush%' AND c.is_demo;
      INSERT INTO member_roles (coop_id, user_id, role) SELECT c.id, u.id, 'resident' FROM users u, coops c WHERE u.email LIKE 'rush%' AND c.is_demo;""")
    cycle = int(psql(db, "SELECT id FROM order_cycles WHERE status = 'open' LIMIT 1"))
    slot = int(psql(db, f"SELECT min(id) FROM slots WHERE cycle_id = {cycle} AND pickup_point_id IS NOT NULL"))
    psql(db, f"UPDATE slots SET capacity = 10000 WHERE cycle_id = {cycle}")
    # 30 hot variants with counted stock: 10 scarce (15 units), 20 plentiful (100000 units).
    hot = [int(v) for v in psql(db, f"""SELECT v.id FROM cycle_offers o JOIN variants v ON v.id = o.variant_id
        WHERE o.cycle_id = {cycle} ORDER BY v.id LIMIT 30""").split()]
    scarce, plenty = hot[:10], hot[10:]
    psql(db, f"UPDATE variants SET stock_mode = 'finite', on_demand_cap = NULL, stock = 15 WHERE id IN ({','.join(map(str, scarce))});"
             f"UPDATE variants SET stock_mode = 'finite', on_demand_cap = NULL, stock = 100000 WHERE id IN ({','.join(map(str, plenty))})")
    before = dict(tuple(map(int, r.split("|"))) for r in psql(db, f"SELECT id, stock FROM variants WHERE id IN ({','.join(map(str, hot))})").split())
    # The cycle opens in a moment: everyone signs in first.
    psql(db, f"UPDATE order_cycles SET status = 'draft', scheduled = true, opens_at = now() + interval '1 hour' WHERE id = {cycle}")
    buyers = [Buyer(args.port, f"rush{i}@maillon.test") for i in range(1, args.buyers + 1)]
    t0 = time.perf_counter()
    with cf.ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda b: b.sign_in(args.password), buyers))
    print(f"signed in {len(buyers)} buyers in {time.perf_counter() - t0:.1f} s")
    psql(db, f"UPDATE order_cycles SET opens_at = now() WHERE id = {cycle}")
    while psql(db, f"SELECT status FROM order_cycles WHERE id = {cycle}") != "open":
        time.sleep(0.05)

    lock = threading.Lock()
    checkout_ms, add_ms, kinds = [], [], {}

    def rush(buyer):
        picks = [rnd.choice(scarce)] + rnd.sample(plenty, 2)
        added = 0
        for v in picks:
            status, body, ms = buyer.post("add_to_cart", [("cycle_id", cycle), ("variant_id", v), ("quantity", 1)])
            k = kind_of(status, body)
            with lock:
                add_ms.append(ms)
                kinds["add " + k] = kinds.get("add " + k, 0) + 1
            added += k == "ok"
        if not added:
            return
        status, body, ms = buyer.post("checkout", [("cycle_id", cycle), ("attempt", f"rush-{buyer.email[:-13]}-0001"),
                                                   ("slot", slot), ("payment", "pickup")])
        k = kind_of(status, body)
        with lock:
            checkout_ms.append(ms)
            kinds["checkout " + k] = kinds.get("checkout " + k, 0) + 1

    start = time.perf_counter()
    with cf.ThreadPoolExecutor(args.concurrency) as pool:
        list(pool.map(rush, buyers))
    wall = time.perf_counter() - start
    orders = int(psql(db, f"SELECT count(*) FROM orders WHERE cycle_id = {cycle} AND status = 'confirmed'"))
    print(f"rush: {args.buyers} buyers, {args.concurrency} at a time, {wall:.2f} s, {orders} orders, {orders / wall:.1f} orders/s")
    print(f"checkout latency ms: p50 {pct(checkout_ms, 50):.0f}  p95 {pct(checkout_ms, 95):.0f}  p99 {pct(checkout_ms, 99):.0f}  max {max(checkout_ms):.0f}")
    print(f"add-to-cart latency ms: p50 {pct(add_ms, 50):.0f}  p95 {pct(add_ms, 95):.0f}  p99 {pct(add_ms, 99):.0f}")
    for k in sorted(kinds):
        print(f"  {k}: {kinds[k]}")
    after = dict(tuple(map(int, r.split("|"))) for r in psql(db, f"SELECT id, stock FROM variants WHERE id IN ({','.join(map(str, hot))})").split())
    sold = dict(tuple(map(int, r.split("|"))) for r in psql(db, f"""SELECT l.variant_id, sum(l.quantity) FROM order_lines l
        JOIN orders o ON o.id = l.order_id WHERE o.cycle_id = {cycle} AND o.status = 'confirmed' GROUP BY 1""").split())
    bad = [v for v in hot if before[v] - after[v] != sold.get(v, 0) or after[v] < 0]
    sold_out = sum(1 for v in scarce if after[v] == 0)
    print(f"oversell check: {len(hot)} variants, units sold = stock taken for all: {not bad}; "
          f"{sold_out}/{len(scarce)} scarce variants sold out, none below zero")
    return orders / wall


if __name__ == "__main__":
    main()
