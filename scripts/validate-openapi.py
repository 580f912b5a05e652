#!/usr/bin/env python3
"""Checks the public API against its own description, on a running server: the OpenAPI
document at /v1/openapi.json is valid (openapi-spec-validator), and every GET path it describes
answers 200 with the documented media type and, for JSON, a body valid against the documented
schema (jsonschema, draft 2020-12, formats checked); a path that documents a 400 gets one for a
parameter out of its bounds. Usage: validate-openapi.py BASE_URL. Prints the paths checked."""
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.headers.get("content-type", ""), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("content-type", ""), e.read()


def main(base):
    status, _, body = get(base + "/v1/openapi.json")
    assert status == 200, f"the document: {status}"
    doc = json.loads(body)
    validate(doc)
    checked = []
    for path, item in doc["paths"].items():
        op = item.get("get")
        if op is None:
            continue
        params = op.get("parameters", [])
        query = {p["name"]: p["example"] for p in params if p["in"] == "query" and "example" in p}
        url = base + path + ("?" + urllib.parse.urlencode(query) if query else "")
        status, ctype, body = get(url)
        assert status == 200, f"{url}: {status} {body[:200]!r}"
        content = op["responses"]["200"]["content"]
        media = next(iter(content))
        assert ctype.startswith(media), f"{url}: {ctype}, documented {media}"
        if media == "application/json":
            schema = dict(content[media]["schema"])
            schema["components"] = doc.get("components", {})
            Draft202012Validator(schema, format_checker=FormatChecker()).validate(json.loads(body))
        if "400" in op["responses"]:
            for p in params:
                bounded = p["schema"].get("maximum")
                if p["in"] == "query" and bounded is not None:
                    status, _, _ = get(f"{base}{path}?{p['name']}={bounded + 1}")
                    assert status == 400, f"{path}?{p['name']}={bounded + 1}: {status}"
        checked.append(path)
    print("\n".join(checked))


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"))
