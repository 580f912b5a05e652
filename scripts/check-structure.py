#!/usr/bin/env python3
"""Fails when a module imports one it must not (ARCHITECTURE.md, "Dependency order"), or when a
source file grows past 600 lines.

In the `maillon` crate the contexts are layered: a context may use the leaf modules and the
contexts below it, never one above it, and `routing` uses only `geo`. In `app/` and `server/`
no two modules may import each other, directly or through others. Imports are read from the
source (`crate::x`, `super::` at the crate's top, `maillon::x` is the crate from outside and
is not checked here). Run by `make lint`.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent

# Leaf modules: no context. They may use each other but never a context. `payments` is the
# Stripe gateway: it knows nothing of orders.
LEAVES = {"geo", "money", "time", "i18n", "error", "db", "mail", "jobs", "secret", "rate_limit",
          "redirect", "spreadsheet", "ids", "ctx", "audit", "paths", "payments", "shortage"}
# Contexts, lowest first: each may use the leaves and the contexts before it.
CONTEXTS = ["accounts", "coop", "governance", "catalogue", "cycles", "credit", "solidarity", "orders", "ledger", "hub", "rescue", "actors", "transparency", "dfc"]
# Above every context: they assemble the others.
TOP = {"demo", "demo_art", "closing"}
ONLY = {"routing": {"geo"}}

REF = re.compile(r"\bcrate::([a-z_][a-z0-9_]*)\b(?!!)")  # not a macro: crate::stored_code!
GROUPED = re.compile(r"\buse\s+crate::\{([^;]*)\}", re.S)


def code(path):
    text = path.read_text()
    text = re.sub(r"//[^\n]*", "", text)  # comments and doc comments mention modules freely
    return text


def refs(text):
    found = set(REF.findall(text))
    for group in GROUPED.findall(text):
        found.update(re.findall(r"(?:^|[{,\s])([a-z_][a-z0-9_]*)(?=::|\s*[,}]|\s*$)", group))
    return found


def top_module(root, path):
    rel = path.relative_to(root)
    first = rel.parts[0]
    return first[:-3] if first.endswith(".rs") else first


def rank(module):
    if module in LEAVES:
        return 0
    if module in CONTEXTS:
        return 1 + CONTEXTS.index(module)
    if module in TOP:
        return 100
    return None


def check_domain():
    root = ROOT / "src"
    errors = []
    for path in sorted(root.rglob("*.rs")):
        module = top_module(root, path)
        if module in ("lib", "main"):
            continue
        for used in sorted(refs(code(path)) - {module}):
            where = path.relative_to(ROOT)
            if module in ONLY:
                if used not in ONLY[module]:
                    errors.append(f"{where}: {module} may use only {sorted(ONLY[module])}, uses {used}")
                continue
            mine, theirs = rank(module), rank(used)
            if mine is None:
                errors.append(f"{where}: module {module} has no place in the order; add it to scripts/check-structure.py")
            elif used in ONLY:
                continue  # routing is a library every context may use
            elif theirs is None:
                errors.append(f"{where}: module {used} has no place in the order; add it to scripts/check-structure.py")
            elif mine == 0 and theirs > 0:
                errors.append(f"{where}: leaf {module} uses the context {used}")
            elif 0 < mine < 100 and theirs >= mine:
                errors.append(f"{where}: {module} uses {used}, which is above it")
    return errors


def node(root, path):
    """A module of the UI or server crate: pages count one by one, the rest by top module."""
    rel = path.relative_to(root).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "mod":
        parts = parts[:-1]
    if parts and parts[0] == "pages" and len(parts) > 1:
        return "pages::" + parts[1]
    return parts[0] if parts else "lib"


def node_of_ref(path_text):
    parts = path_text.split("::")
    if parts[0] == "pages" and len(parts) > 1 and re.fullmatch(r"[a-z_][a-z0-9_]*", parts[1]):
        return "pages::" + parts[1]
    return parts[0]


def check_cycles(crate):
    root = ROOT / crate / "src"
    graph = {}
    for path in sorted(root.rglob("*.rs")):
        me = node(root, path)
        if me in ("lib", "main"):
            continue
        text = code(path)
        used = set()
        for m in re.finditer(r"\bcrate::((?:[a-z_][a-z0-9_]*::)*[a-z_][a-z0-9_]*)", text):
            used.add(node_of_ref(m.group(1)))
        for group in re.finditer(r"\buse\s+crate::\{([^;]*)\}", text, re.S):
            for item in re.findall(r"(?:^|[{,\s])((?:[a-z_][a-z0-9_]*::)*[a-z_][a-z0-9_]*)(?=::|\s*[,}]|\s*$)", group.group(1)):
                used.add(node_of_ref(item))
        # `super::x` from a page file inside pages/ reaches a sibling page.
        if me.startswith("pages::") and path.parent.name == "pages":
            for m in re.finditer(r"\bsuper::([a-z_][a-z0-9_]*)", text):
                used.add("pages::" + m.group(1))
        graph.setdefault(me, set()).update(u for u in used if u != me and u not in ("lib", "main"))
    errors = []
    # A cycle shows as a path back to the start; report each pair of modules once.
    seen = set()
    for start in sorted(graph):
        stack = [(start, [start])]
        visited = set()
        while stack:
            at, path = stack.pop()
            for nxt in sorted(graph.get(at, ())):
                if nxt == start:
                    key = frozenset(path)
                    if key not in seen:
                        seen.add(key)
                        errors.append(f"{crate}: modules import each other: {' -> '.join(path + [start])}")
                elif nxt not in visited and nxt in graph:
                    visited.add(nxt)
                    stack.append((nxt, path + [nxt]))
    return errors


# Long by nature: the translated messages, and the demo's content.
LONG_ALLOWED = {"src/i18n.rs", "src/demo/data.rs"}
MAX_LINES = 600


def check_sizes():
    errors = []
    for folder in ("src", "app/src", "server/src", "server/tests", "tests", "examples"):
        for path in sorted((ROOT / folder).rglob("*.rs")):
            where = str(path.relative_to(ROOT))
            lines = path.read_text().count("\n")
            if lines > MAX_LINES and where not in LONG_ALLOWED:
                errors.append(f"{where}: {lines} lines; split it along its seams (at most {MAX_LINES})")
    return errors


def main():
    errors = check_domain() + check_cycles("app") + check_cycles("server") + check_sizes()
    for error in errors:
        print(error)
    if errors:
        print(f"{len(errors)} problem(s) with the structure (ARCHITECTURE.md)", file=sys.stderr)
        return 1
    print("structure: dependencies one way, files at most 600 lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
