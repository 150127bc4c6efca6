//! Fenced code blocks highlighted by syntect with CSS classes (no inline
//! colours), and the stylesheet that goes with them.

use std::sync::OnceLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use super::Spanned;
use crate::html::escape as escape_html;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };
/// A light theme whose colours keep AA contrast on a white background.
const THEME: &str = "InspiredGitHub";

/// Loaded on first use only: the guide itself has no code.
fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// The stylesheet for highlighted code, `static/highlight.css`: made once
/// per process (loading syntect's themes is the slow part), as every site
/// in `--all-councils` ships the same one.
pub fn stylesheet() -> &'static str {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(|| {
        let themes = ThemeSet::load_defaults();
        css_for_theme_with_class_style(&themes.themes[THEME], CLASS_STYLE).unwrap_or_default()
    })
}

/// Replaces each fenced block with a language by highlighted HTML.
pub fn highlight_code(events: Vec<Spanned>) -> Vec<Spanned> {
    let mut out = Vec::with_capacity(events.len());
    let mut block: Option<(String, String, std::ops::Range<usize>)> = None;
    for (event, range) in events {
        match (&mut block, event) {
            (None, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))))
                if !lang.is_empty() =>
            {
                block = Some((
                    lang.split(',')
                        .next()
                        .unwrap_or_default()
                        .trim()
                        .to_string(),
                    String::new(),
                    range,
                ));
            }
            (Some((_, code, _)), Event::Text(t)) => code.push_str(&t),
            (Some(_), Event::End(TagEnd::CodeBlock)) => {
                let (lang, code, range) = block.take().expect("inside a block");
                out.push((Event::Html(CowStr::from(highlight(&lang, &code))), range));
            }
            (_, event) => out.push((event, range)),
        }
    }
    out
}

fn highlight(lang: &str, code: &str) -> String {
    let set = syntaxes();
    let class = format!(r#" class="language-{}""#, escape_html(lang));
    let Some(syntax) = set.find_syntax_by_token(lang) else {
        return format!("<pre><code{class}>{}</code></pre>\n", escape_html(code));
    };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return format!("<pre><code{class}>{}</code></pre>\n", escape_html(code));
        }
    }
    format!(
        "<pre class=\"highlight\"><code{class}>{}</code></pre>\n",
        generator.finalize()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_with_classes_not_colours() {
        let html = highlight("rust", "fn main() {}\n");
        assert!(html.contains("hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
        assert!(stylesheet().contains(".hl-"));
    }

    #[test]
    fn unknown_language_is_escaped_plain_code() {
        assert_eq!(
            highlight("nosuchlang", "<b>"),
            "<pre><code class=\"language-nosuchlang\">&lt;b&gt;</code></pre>\n"
        );
    }
}
