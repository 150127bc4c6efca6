"""Compares the /api/search JSON of two running `firstdays serve` (issue #10):
every query of the set at limits 1, 5, 10 and 50, byte for byte.

usage: python3 bench/compare_search_api.py http://127.0.0.1:A http://127.0.0.1:B QUERIES.json
  QUERIES.json from `python3 bench/report.py queries --json`. Prints each
  query whose answers differ, then the counts; exits 1 on any difference."""
import json, sys, urllib.parse, urllib.request
a, b, queries = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3]))
same = diff = hits = 0
for limit in (1, 5, 10, 50):
    for q in queries:
        path = "/api/search?" + urllib.parse.urlencode({"q": q["query"], "limit": limit})
        ra = urllib.request.urlopen(a + path).read()
        rb = urllib.request.urlopen(b + path).read()
        if ra == rb:
            same += 1
            hits += len(json.loads(ra)["results"])
        else:
            diff += 1
            print("DIFF", limit, q["query"])
print(f"{same} identical responses, {diff} different; {hits} hits in the identical ones")
sys.exit(1 if diff else 0)
