#!/usr/bin/env python3
"""Markdown table of run.py's results: python3 table.py /tmp/redteam/endpoint.jsonl [/tmp/redteam/proxy.jsonl]"""

import json
import sys

rows = {}
for path in sys.argv[1:]:
    for line in open(path):
        r = json.loads(line)
        rows[(r["mutation"], r["mode"])] = r  # the last run of each wins
names = list(dict.fromkeys(m for m, _ in rows))
print("| mutation | kind | what it models | endpoint run | failing scenarios | proxy-mode run |")
print("|---|---|---|---|---|---|")
for name in names:
    e, p = rows.get((name, "endpoint")), rows.get((name, "proxy"))
    def cell(r):
        if not r:
            return ""
        return f"{'**ESCAPED**' if r['rc'] == 0 else 'caught'} (exit {r['rc']}; {r['summary'] or r['last_message'][:80]})"
    fails = "; ".join(e["failed"][:3]) + (f" (+{len(e['failed']) - 3})" if e and len(e["failed"]) > 3 else "") if e else ""
    what = (e or p)["what"].split("\n")[0]
    print(f"| `{name}` | {(e or p)['kind']} | {what} | {cell(e)} | {fails} | {cell(p)} |")
