//! The XSS corpus: well over a hundred known filter-evasion vectors
//! (`tests/fixtures/xss/vectors.txt`, after OWASP's XSS filter evasion cheat
//! sheet and the html5sec.org list) put through every council-controlled
//! field, on the mini guide.
//!
//! 1. Each vector in each field is a council build on its own: it is either
//!    refused with an error naming a council file, or it builds, and then
//!    no page carries script (the final check ran inside the build; it is
//!    run again here over the files on disk).
//! 2. Every vector that a field accepted goes into one council per vector,
//!    all built together; the pages are opened in headless Chromium inside
//!    a harness page, with a hook script that turns `alert`, `confirm` and
//!    `prompt` into a mark on the page, once with the Content-Security-Policy
//!    and once with it removed (so the escaping alone is shown to hold). A
//!    control page with a live payload proves the hook would see one.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::support::browser::{chromium_or_skip, headless};
use crate::support::site::{copy_of, fixture, html_files, options};

/// Every field a council controls, by name.
const FIELDS: [&str; 26] = [
    "name",
    "role_title",
    "role_title_plural",
    "terms_from",
    "terms_to",
    "header_text",
    "footer_text",
    "contact_name",
    "contact_address",
    "contact_telephone",
    "contact_email",
    "contact_website",
    "base_url",
    "section_title",
    "section_summary",
    "section_body",
    "heading_text",
    "heading_attributes",
    "link_target",
    "term_name",
    "term_alias",
    "term_expansion",
    "term_definition",
    "patch_title",
    "patch_body",
    "logo",
];

fn vectors() -> Vec<String> {
    let text = fs::read_to_string(fixture("xss/vectors.txt")).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// A YAML single-quoted string.
fn yaml(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// The council's files with `values` (field → text) in place of plain ones.
fn council_files(slug: &str, values: &BTreeMap<&str, String>) -> Vec<(String, String)> {
    let v = |field: &str, plain: &str| {
        values
            .get(field)
            .cloned()
            .unwrap_or_else(|| plain.to_string())
    };
    let config = format!(
        "name: {}\nslug: {slug}\nbase_url: {}\nrole_title: {}\nrole_title_plural: {}\nterms:\n  - from: {}\n    to: {}\nheader_text: {}\nfooter_text: {}\ncontact:\n  name: {}\n  address: [{}]\n  telephone: {}\n  email: {}\n  website: {}\nlogo: logo.svg\n",
        yaml(&v("name", "Testshire Council")),
        yaml(&v("base_url", "https://www.testshire.example.org/guide/")),
        yaml(&v("role_title", "lead member")),
        yaml(&v("role_title_plural", "lead members")),
        yaml(&v("terms_from", "Families First")),
        yaml(&v("terms_to", "Families Together")),
        yaml(&v("header_text", "For new lead members")),
        yaml(&v("footer_text", "Ask Democratic Services.")),
        yaml(&v("contact_name", "Democratic Services")),
        yaml(&v("contact_address", "County Hall")),
        yaml(&v("contact_telephone", "01632 960100")),
        yaml(&v("contact_email", "ds@testshire.example.org")),
        yaml(&v("contact_website", "https://www.testshire.example.org")),
    );
    let section = format!(
        "---\ntitle: {}\nsummary: {}\nafter: first\n---\nA portfolio holder meets Families First and other portfolio holders.\n\n{}\n\n## {}\n\n## Attributes {}\n\nA [link]({}).\n",
        yaml(&v("section_title", "Local words")),
        yaml(&v("section_summary", "What we call things.")),
        v("section_body", "Body text."),
        v("heading_text", "A heading"),
        v("heading_attributes", "{#attributes}"),
        v("link_target", "https://www.testshire.example.org/contact"),
    );
    let term = format!(
        "---\nterm: {}\naliases: [{}]\nabbreviations:\n  - abbr: LTT\n    expansion: {}\n---\n{}\n",
        yaml(&v("term_name", "Local test term")),
        yaml(&v("term_alias", "local test terms")),
        yaml(&v("term_expansion", "Local test term")),
        v("term_definition", "A term of our own."),
    );
    let patch = format!(
        "---\ntarget: first#chosen\naction: insert_after\ntitle: {}\n---\n{}\n",
        yaml(&v("patch_title", "Our meetings")),
        v("patch_body", "Patched text."),
    );
    let logo = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><text x=\"1\" y=\"8\">{}</text></svg>\n",
        v("logo", "Testshire")
    );
    vec![
        ("council.yaml".into(), config),
        ("sections/local-words.md".into(), section),
        ("glossary/local-test-term.md".into(), term),
        ("patches/meetings.md".into(), patch),
        ("logo.svg".into(), logo),
    ]
}

fn write_council(guide: &Path, slug: &str, values: &BTreeMap<&str, String>) -> PathBuf {
    let dir = guide.join("councils").join(slug);
    let _ = fs::remove_dir_all(&dir);
    for (path, text) in council_files(slug, values) {
        let full = dir.join(path);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(full, text).unwrap();
    }
    dir
}

/// No page of a built site has script the theme did not put there, read
/// again from disk with the tool's html5ever check.
fn assert_no_script(out: &Path, base_url: &str, what: &str) {
    for (path, html) in html_files(out) {
        let found = firstdays::script_check::check_page(&html, base_url);
        assert!(found.is_empty(), "{what}: {path}: {found:?}");
    }
}

#[test]
fn no_vector_in_any_council_field_yields_script() {
    let vectors = vectors();
    assert!(vectors.len() >= 100, "only {} vectors", vectors.len());
    let guide = copy_of(&fixture("mini-guide"));
    let plain = write_council(guide.path(), "testshire", &BTreeMap::new());
    // Built sites go beside the guide, never into it (`--out` refuses that).
    let out_root = tempfile::tempdir().unwrap();
    let out = out_root.path().join("public");
    let mut opts = options(guide.path(), &out);
    opts.council = Some(plain);
    firstdays::build(&opts).unwrap_or_else(|e| panic!("the plain council must build: {e}"));

    let started = std::time::Instant::now();
    // 1. Each vector in each field, on its own: two threads, each with its
    // own copy of the guide, half the fields each.
    let results: Vec<(usize, &str, Result<(), String>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = FIELDS
            .chunks(FIELDS.len().div_ceil(2))
            .map(|fields| {
                let vectors = &vectors;
                let unused_out = out_root.path().join("checked-only");
                scope.spawn(move || {
                    let guide = copy_of(&fixture("mini-guide"));
                    let mut results = Vec::new();
                    for &field in fields {
                        for (i, vector) in vectors.iter().enumerate() {
                            let values = BTreeMap::from([(field, vector.clone())]);
                            let dir = write_council(guide.path(), "testshire", &values);
                            let mut opts = options(guide.path(), &unused_out);
                            opts.council = Some(dir);
                            opts.check_only = true;
                            let result = firstdays::build(&opts)
                                .map(|_| ())
                                .map_err(|e| e.to_string());
                            results.push((i, field, result));
                        }
                    }
                    results
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    let mut accepted: BTreeMap<usize, BTreeMap<&str, String>> = BTreeMap::new();
    let mut refused = 0usize;
    for (i, field, result) in results {
        match result {
            Ok(()) => {
                accepted
                    .entry(i)
                    .or_default()
                    .insert(field, vectors[i].clone());
            }
            Err(text) => {
                assert!(
                    // A broken raw-HTML link in a patched base section is
                    // reported at that section, whose hint names the patch.
                    (text.contains("councils/testshire/") || text.contains("or a council patch"))
                        && !text.contains("panicked"),
                    "{field} = {}: refused without naming the council file:\n{text}",
                    vectors[i]
                );
                refused += 1;
            }
        }
    }
    let accepted_count: usize = accepted.values().map(BTreeMap::len).sum();
    eprintln!(
        "{} vectors × {} fields: {accepted_count} built, {refused} refused with an error ({:.0?})",
        vectors.len(),
        FIELDS.len(),
        started.elapsed()
    );

    // 2. One council per vector, with it in every field that accepted it, built together.
    let councils: Vec<String> = accepted
        .iter()
        .map(|(i, values)| {
            let slug = format!("v{i}");
            write_council(guide.path(), &slug, values);
            slug
        })
        .collect();
    fs::remove_dir_all(guide.path().join("councils/testshire")).unwrap();
    let site = out_root.path().join("site");
    // A vector accepted in each field alone may be refused in several at
    // once (`[x]: javascript:...` in the body defines a link that `[x]` in a
    // heading then uses): such a council is refused, which is safe; it is
    // left out and the rest built again.
    let mut councils = councils;
    loop {
        match firstdays::build_all_councils(&options(guide.path(), &site)) {
            Ok(_) => break,
            Err(e) => {
                let text = e.to_string();
                let before = councils.len();
                councils.retain(|slug| {
                    let named = text.contains(&format!("councils/{slug}/"));
                    if named {
                        fs::remove_dir_all(guide.path().join("councils").join(slug)).unwrap();
                    }
                    !named
                });
                eprintln!(
                    "refused when combined: {} councils",
                    before - councils.len()
                );
                assert!(
                    councils.len() < before,
                    "an error naming no council: {text}"
                );
            }
        }
    }
    let accepted: BTreeMap<usize, BTreeMap<&str, String>> = accepted
        .into_iter()
        .filter(|(i, _)| councils.contains(&format!("v{i}")))
        .collect();
    for (slug, (i, values)) in councils.iter().zip(&accepted) {
        let base_url = values
            .get("base_url")
            .map(|u| format!("{}/", u.trim_end_matches('/')))
            .unwrap_or_else(|| "https://www.testshire.example.org/guide/".into());
        assert_no_script(&site.join(slug), &base_url, &format!("vector {i}"));
    }

    eprintln!("built together and checked ({:.0?})", started.elapsed());
    let Some(browser) = chromium_or_skip() else {
        return;
    };
    let pages: Vec<String> = councils
        .iter()
        .flat_map(|slug| {
            [
                "index.html",
                "local-words.html",
                "first.html",
                "glossary.html",
            ]
            .map(|p| format!("{slug}/{p}"))
        })
        .collect();
    for with_policy in [true, false] {
        let run = hooked_copy(&site, with_policy);
        let ran = run_in_browser(&browser, &run, &pages);
        eprintln!("browser, policy {with_policy} ({:.0?})", started.elapsed());
        assert!(
            ran.is_empty(),
            "script ran (policy {}) on: {ran:?}",
            if with_policy { "on" } else { "removed" }
        );
    }
}

const HOOK: &str = "document.documentElement.setAttribute('data-hooked', '1');\nwindow.alert = window.confirm = window.prompt = function () { document.documentElement.setAttribute('data-pwned', '1'); };\n";

/// A copy of the built site with the hook script first in every page's
/// `<head>` (after the policy, which allows it: it is the site's own file),
/// and the policy removed when `with_policy` is false; plus a control page
/// whose payload must run.
fn hooked_copy(site: &Path, with_policy: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    crate::support::site::copy_dir(site, dir.path());
    fs::write(dir.path().join("hook.js"), HOOK).unwrap();
    let policy = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n",
        firstdays::script_check::CONTENT_SECURITY_POLICY
    );
    for (path, html) in html_files(dir.path()) {
        let depth = path.matches('/').count();
        let hook = format!("<script src=\"{}hook.js\"></script>\n", "../".repeat(depth));
        assert!(html.contains(&policy), "{path} has no policy");
        let kept = if with_policy {
            policy.clone()
        } else {
            String::new()
        };
        let html = html.replacen(&policy, &format!("{kept}{hook}"), 1);
        fs::write(dir.path().join(&path), html).unwrap();
    }
    fs::write(
        dir.path().join("control.html"),
        "<!DOCTYPE html><html><head><script src=\"hook.js\"></script></head><body><img src=x onerror=alert(1)></body></html>",
    )
    .unwrap();
    dir
}

/// Opens `pages` (and the control page) in frames of harness pages, a few
/// hundred per Chromium run; returns the pages on which script ran.
fn run_in_browser(browser: &Path, site: &tempfile::TempDir, pages: &[String]) -> Vec<String> {
    let mut ran = Vec::new();
    for (n, chunk) in pages.chunks(220).enumerate() {
        let mut frames: Vec<&str> = chunk.iter().map(String::as_str).collect();
        frames.push("control.html");
        let list = frames
            .iter()
            .map(|p| format!("<iframe src=\"{p}\"></iframe>"))
            .collect::<String>();
        let harness = format!(
            "<!DOCTYPE html><html><body>{list}<pre id=\"out\"></pre><script>\nwindow.addEventListener('load', function () {{\n  var lines = [];\n  document.querySelectorAll('iframe').forEach(function (f) {{\n    var e = f.contentDocument.documentElement;\n    lines.push(f.getAttribute('src') + ' hooked=' + e.getAttribute('data-hooked') + ' pwned=' + e.getAttribute('data-pwned'));\n  }});\n  document.getElementById('out').textContent = lines.join('\\n') + '\\nDONE';\n}});\n</script></body></html>"
        );
        let name = format!("harness-{n}.html");
        fs::write(site.path().join(&name), harness).unwrap();
        let profile = tempfile::tempdir().unwrap();
        let output = headless(browser, profile.path(), 300)
            .args([
                // Lets the harness read its frames' documents on file://.
                "--allow-file-access-from-files",
                "--virtual-time-budget=30000",
                "--dump-dom",
            ])
            .arg(format!("file://{}/{name}", site.path().display()))
            .output()
            .expect("run chromium");
        let dom = String::from_utf8_lossy(&output.stdout);
        let out = dom
            .split("<pre id=\"out\">")
            .nth(1)
            .and_then(|s| s.split("</pre>").next())
            .unwrap_or_default();
        assert!(out.contains("DONE"), "the harness did not finish: {dom}");
        let results: BTreeMap<&str, &str> = out.lines().filter_map(|l| l.split_once(' ')).collect();
        assert_eq!(
            results.get("control.html").copied(),
            Some("hooked=1 pwned=1"),
            "the control payload must run, or the test proves nothing"
        );
        for page in chunk {
            match results.get(page.as_str()).copied() {
                Some("hooked=1 pwned=null") => {}
                Some(other) if other.starts_with("hooked=1") => ran.push(page.clone()),
                other => panic!("{page} did not load with the hook: {other:?}"),
            }
        }
    }
    ran
}
