#!/usr/bin/env python3
"""DFC catalogue benchmark client (see BENCHMARKS.md): the DFC document of a producer with
2,000 variants, sequential requests over one keep-alive connection, server time from the
Server-Timing header, SQL statements per request from pg_stat_statements. Standard library only."""
import argparse
import json

from catalogue import Client, measure, psql


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=3200)
    ap.add_argument("--db", required=True)
    ap.add_argument("--n", type=int, default=100)
    args = ap.parse_args()
    farm = psql(args.db, "SELECT id FROM producers WHERE farm_name = 'Ferme du Banc d''essai'")
    variants = int(psql(args.db, f"SELECT count(*) FROM variants v JOIN products p ON p.id = v.product_id WHERE p.producer_id = {farm} AND p.listed AND v.active"))
    client = Client("127.0.0.1", args.port)
    path = f"/dfc/enterprises/{farm}"
    size = {}

    def get():
        return client.request("GET", path, headers={"Accept": "application/ld+json"})

    def check(status, body, *_):
        assert status == 200, status
        graph = json.loads(body)["@graph"]
        assert len(graph) == 2 + 3 * variants, len(graph)
        size["bytes"] = len(body.encode())

    r = measure("DFC catalogue of a producer", args.db, args.n, 5, get, check)
    print(f"\n### DFC catalogue: {variants:,} variants, {2 + 3 * variants:,} objects, {size['bytes']:,} bytes of JSON-LD\n")
    print("| scenario | requests | server p50 (ms) | server p95 (ms) | client p95 (ms) | SQL statements / request |")
    print("|---|---|---|---|---|---|")
    print(f"| {r['name']} | {r['n']} | {r['p50']:.1f} | {r['p95']:.1f} | {r['client_p95']:.1f} | {r['queries']:.1f} |")


if __name__ == "__main__":
    main()
