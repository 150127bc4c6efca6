#!/usr/bin/env python3
"""Writes a minimal Hugo site holding the same markdown as a guide folder.

Usage:
    python3 bench/hugo_site.py GUIDE_DIR HUGO_DIR

For the scale benchmark (bench/scale.sh): Hugo builds the same pages as
`firstdays build`, so the two can be timed side by side:

    firstdays                     Hugo (HUGO_DIR/content/)
    <slug>.html per section       <slug>.md: the section file as it is, with
                                  `order:` renamed `weight:` and `guide_section: true`
    index.html                    _index.md (home: every section, with its summary)
    glossary.html                 glossary.md: every term as `## term` + definition
    checklist.html                checklist.md: the items as a nested list of links
    resources.html                resources.md: the resources as a list
    print.html                    print.md: every section's content on one page
    search.html                   search.md: a search form (Hugo has no index)
    404.html                      layouts/404.html

Layouts are minimal (a title, the table of contents, the content, previous
and next links): the issue's "same markdown, minimal layout". Taxonomies,
RSS, sitemap and robots.txt are off so Hugo makes the same pages and no more.
Python 3.11 standard library only.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import split_front_matter, unquote  # noqa: E402

CONFIG = """\
baseURL = "http://127.0.0.1:8000/"
languageCode = "en-gb"
title = {title}
uglyURLs = true
relativeURLs = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
enableRobotsTXT = false

[markup.goldmark.parser.attribute]
title = true
"""

BASEOF = """\
<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>{{ .Title }} – {{ .Site.Title }}</title>
<meta name="description" content="{{ .Params.summary }}">
</head>
<body>
<header><p><a href="{{ "index.html" | relURL }}">{{ .Site.Title }}</a></p>
<nav><a href="{{ "checklist.html" | relURL }}">Checklist</a> <a href="{{ "glossary.html" | relURL }}">Glossary</a>
<a href="{{ "resources.html" | relURL }}">Useful resources</a> <a href="{{ "print.html" | relURL }}">Printable version</a></nav></header>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"""

SINGLE = """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ .TableOfContents }}
{{ .Content }}
</article>
{{ if .Params.guide_section }}<nav>
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}" rel="prev">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}" rel="next">{{ .Title }}</a>{{ end }}
</nav>{{ end }}
{{ end }}
"""

LIST = """\
{{ define "main" }}
<h1>{{ .Site.Title }}</h1>
{{ .Content }}
<ol>
{{ range where .Site.RegularPages "Params.guide_section" true }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.summary }}</li>
{{ end }}</ol>
{{ end }}
"""

PRINT = """\
{{ define "main" }}
<h1>{{ .Site.Title }}</h1>
{{ range where .Site.RegularPages "Params.guide_section" true }}<section>
<h2>{{ .Title }}</h2>
{{ .Content }}
</section>
{{ end }}
{{ end }}
"""

NOT_FOUND = """\
{{ define "main" }}
<h1>Page not found</h1>
<p>Go to the <a href="{{ "index.html" | relURL }}">contents of the guide</a>.</p>
{{ end }}
"""


def front(title: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\n{extra}---\n"


def checklist_md(text: str) -> str:
    """The checklist's items as a nested list, linking to what explains them."""
    out: list[str] = []
    item: dict[str, str] | None = None
    depth = 0

    def flush() -> None:
        if item is None:
            return
        label = unquote(item["text"])
        if "section" in item:
            url = item["section"] + ".html" + ("#" + item["heading"] if "heading" in item else "")
            label = f"[{label}]({url})"
        out.append("  " * depth + f"- {label}")

    for line in text.splitlines():
        m = re.match(r"(\s*)(- )?(text|section|heading): (.*)$", line)
        if not m or not line.startswith("  "):
            continue
        if m.group(2):
            flush()
            depth = (len(m.group(1)) - 2) // 4
            item = {}
        assert item is not None
        item[m.group(3)] = m.group(4).strip()
    flush()
    return "\n".join(out) + "\n"


def resources_md(text: str) -> str:
    out = []
    title = url = None
    for line in text.splitlines() + ["  - title: end"]:
        m = re.match(r"\s*(- )?(title|url|topic): (.*)$", line)
        if not m or not line.startswith("  "):
            continue
        if m.group(1):
            if title is not None:
                out.append(f"- [{title}]({url})" if url else f"- {title}")
            title, url = unquote(m.group(3)), None
        elif m.group(2) == "url":
            url = m.group(3).strip()
    return "\n".join(out) + "\n"


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().split("\n\n")[1])
    guide, site = Path(sys.argv[1]), Path(sys.argv[2])
    if site.exists():
        shutil.rmtree(site)
    content = site / "content"
    layouts = site / "layouts"
    for d in (content, layouts / "_default"):
        d.mkdir(parents=True)

    site_title = next(
        unquote(line.partition(":")[2])
        for line in (guide / "site.yaml").read_text(encoding="utf-8").splitlines()
        if line.startswith("title:")
    )
    (site / "config.toml").write_text(CONFIG.format(title='"' + site_title.replace('"', '\\"') + '"'), encoding="utf-8")
    (layouts / "_default/baseof.html").write_text(BASEOF, encoding="utf-8")
    (layouts / "_default/single.html").write_text(SINGLE, encoding="utf-8")
    (layouts / "_default/list.html").write_text(LIST, encoding="utf-8")
    (layouts / "_default/print.html").write_text(PRINT, encoding="utf-8")
    (layouts / "404.html").write_text(NOT_FOUND, encoding="utf-8")

    sections = 0
    for path in sorted(guide.glob("*.md")):
        if path.name == "README.md":
            continue
        text = path.read_text(encoding="utf-8")
        fm, body = split_front_matter(text)
        fm = re.sub(r"^order:", "weight:", fm, flags=re.M) + "guide_section: true\n"
        (content / path.name).write_text(f"---\n{fm}---\n{body}", encoding="utf-8")
        sections += 1

    (content / "_index.md").write_text(front('"Contents"'), encoding="utf-8")
    terms = []
    for path in sorted((guide / "glossary").glob("*.md")):
        if path.name == "_index.md":
            continue
        fm, body = split_front_matter(path.read_text(encoding="utf-8"))
        term = next(unquote(line[5:]) for line in fm.splitlines() if line.startswith("term:"))
        terms.append((term.lower(), f"## {term} {{#{path.stem}}}\n\n{body.strip()}\n"))
    _, intro = split_front_matter((guide / "glossary/_index.md").read_text(encoding="utf-8"))
    (content / "glossary.md").write_text(
        front('"Glossary"') + intro + "\n" + "\n".join(t for _, t in sorted(terms)), encoding="utf-8"
    )
    (content / "checklist.md").write_text(
        front('"Checklist"') + checklist_md((guide / "checklist.yaml").read_text(encoding="utf-8")), encoding="utf-8"
    )
    (content / "resources.md").write_text(
        front('"Useful resources"') + resources_md((guide / "resources.yaml").read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    (content / "print.md").write_text(front('"Printable version"', "layout: print\n"), encoding="utf-8")
    (content / "search.md").write_text(
        front('"Search"') + '<form action="search.html"><input name="q" type="search"></form>\n', encoding="utf-8"
    )
    print(f"wrote a Hugo site into {site}: {sections} sections, {len(terms)} glossary terms")


if __name__ == "__main__":
    main()
