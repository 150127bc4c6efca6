#!/usr/bin/env python3
"""Save-to-new-page latency of the live preview (`firstdays serve`).

Copies a guide into a scratch folder, starts `firstdays serve --port 0`
there, listens to its server-sent events like the page's script does, and
for each run: saves an edit, waits for the reload event, fetches the page
and checks it has the edit, then searches for the edit's word (the search
waits until the index, written after the page, is current). Latency = from the save (file closed) to the
page's bytes received. Also times a full `firstdays build` of the same
guide (a new process, as an editor without the preview would run it).

A benchmark, not a test: it prints one JSON object per case.

  python3 bench/preview_latency.py --bin target/release/firstdays \
      --guide guide --edit section|term [--runs 20] [--label NAME]
"""

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time


def sse_reader(host, port):
    sock = socket.create_connection((host, port))
    sock.sendall(b"GET /_firstdays/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    buf = b""
    while b"\r\n\r\n" not in buf:
        buf += sock.recv(4096)
    buf = buf.split(b"\r\n\r\n", 1)[1]

    def next_event():
        nonlocal buf
        while True:
            for line in buf.split(b"\n"):
                if line.startswith(b"data: ") and buf.find(b"\n", buf.find(line)) != -1:
                    data = line[6:].strip().decode()
                    # Drop everything up to and including this line.
                    buf = buf[buf.find(line) + len(line) + 1:]
                    return data
            chunk = sock.recv(4096)
            if not chunk:
                raise RuntimeError("event stream closed")
            buf += chunk

    return next_event


def fetch(host, port, path):
    conn = http.client.HTTPConnection(host, port, timeout=60)
    conn.request("GET", path)
    body = conn.getresponse().read().decode("utf-8", "replace")
    conn.close()
    return body


def pick_section(guide):
    names = sorted(n for n in os.listdir(guide) if n.endswith(".md") and n != "README.md")
    # A section near the middle: it has neighbours on both sides.
    return names[len(names) // 2]


def pick_term(guide):
    gdir = os.path.join(guide, "glossary")
    names = sorted(n for n in os.listdir(gdir) if n.endswith(".md") and not n.startswith("_"))
    return os.path.join("glossary", names[len(names) // 2])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--guide", required=True)
    ap.add_argument("--edit", choices=["section", "term"], required=True)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--label", default="")
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)

    work = tempfile.mkdtemp(prefix="preview-bench-")
    try:
        guide = os.path.join(work, "guide")
        shutil.copytree(args.guide, guide, symlinks=True)
        # Councils are not previewed here: keep the watch to the base guide.
        shutil.rmtree(os.path.join(guide, "councils"), ignore_errors=True)
        rel = pick_section(guide) if args.edit == "section" else pick_term(guide)
        path = os.path.join(guide, rel)
        original = open(path, encoding="utf-8").read()
        if args.edit == "section":
            page = "/" + os.path.basename(rel)[:-3] + ".html"
        else:
            page = "/glossary.html"

        full = []
        for _ in range(max(3, args.runs // 4)):
            out = os.path.join(work, "full-build")
            t0 = time.perf_counter()
            subprocess.run([binary, "build", "--out", out], cwd=work, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            full.append(time.perf_counter() - t0)

        server = subprocess.Popen([binary, "serve", "--port", "0"], cwd=work,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            port = None
            for line in server.stdout:
                if "at http://" in line:
                    port = int(line.split("at http://")[1].split("/")[0].split(":")[1])
                    break
            if port is None:
                raise RuntimeError("serve did not start")
            next_event = sse_reader("127.0.0.1", port)
            current = next_event()
            latencies, event_times, search_times = [], [], []
            for i in range(args.runs):
                # Its last word is new to the index: the search looks for it.
                marker = f"benchmark edit {i:04d} {time.time_ns()} quokka{time.time_ns() % 10**9}"
                # One paragraph changes: a sentence appended to the body.
                text = original.rstrip("\n") + f"\n\nA new sentence, {marker}.\n"
                t0 = time.perf_counter()
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
                while True:
                    generation = next_event()
                    if generation != current:
                        break
                current = generation
                t_event = time.perf_counter()
                body = fetch("127.0.0.1", port, page)
                t1 = time.perf_counter()
                if marker not in body:
                    # The event came from an earlier save's rebuild: wait for ours.
                    while marker not in body:
                        current = next_event()
                        body = fetch("127.0.0.1", port, page)
                    t1 = time.perf_counter()
                latencies.append(t1 - t0)
                event_times.append(t_event - t0)
                # The search index is written after the page: a search is
                # held until it is, then finds the new sentence. The next
                # save waits for it, so each save is measured alone.
                word = marker.split()[-1]
                found = fetch("127.0.0.1", port, f"/api/search?q={word}")
                t_search = time.perf_counter()
                if word not in found:
                    raise RuntimeError(f"search does not find the new sentence: {found[:300]}")
                search_times.append(t_search - t0)
                time.sleep(0.2)
        finally:
            server.terminate()
            server.wait()
        ms = lambda xs: round(statistics.median(xs) * 1000, 1)
        p90 = lambda xs: round(sorted(xs)[int(0.9 * (len(xs) - 1))] * 1000, 1)
        print(json.dumps({
            "label": args.label or f"{args.guide} {args.edit}",
            "edit": args.edit,
            "file": rel,
            "page": page,
            "runs": args.runs,
            "latency_median_ms": ms(latencies),
            "latency_p90_ms": p90(latencies),
            "event_median_ms": ms(event_times),
            "search_median_ms": ms(search_times),
            "full_build_median_ms": ms(full),
        }))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
