//! The council's words for things: "portfolio holder" becomes "lead
//! member" (and "Portfolio holders" "Lead members"), "Troubled Families"
//! the local programme's name. Applied to the localised guide's strings, so
//! pages, titles, the glossary, the checklist and the search index all
//! agree. Only text is touched: never a link's target, a URL written in
//! text, code, or raw HTML. A heading whose words change keeps its id, so
//! links, checklist items and patches that name it still work.

use std::ops::Range;
use std::sync::OnceLock;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use regex::Regex;

use super::subsections::sub_sections;
use crate::markdown::OPTIONS;

/// One replacement, as configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub from: String,
    pub to: String,
}

impl Rule {
    /// A `from` with capitals is a proper name: matched exactly, replaced
    /// as written. One in lower case matches any capitals, and the
    /// replacement follows them ("Portfolio holder" → "Lead member").
    fn case_sensitive(&self) -> bool {
        self.from.chars().any(char::is_uppercase)
    }
}

pub struct Terminology {
    rules: Vec<Rule>,
    /// One alternation, longest `from` first, a named group per rule.
    regex: Option<Regex>,
}

impl Terminology {
    /// `role` maps the base's role title to the council's, `plural` its
    /// plural (default: the role title plus "s"); `terms` are the rest.
    pub fn new(
        base_role: &str,
        role: Option<&str>,
        plural: Option<&str>,
        terms: &[(String, String)],
    ) -> Terminology {
        let mut rules = Vec::new();
        if let Some(role) = role {
            rules.push(Rule {
                from: base_role.to_string(),
                to: role.to_string(),
            });
            rules.push(Rule {
                from: format!("{base_role}s"),
                to: plural.map_or_else(|| format!("{role}s"), str::to_string),
            });
        }
        for (from, to) in terms {
            if !from.trim().is_empty() {
                rules.push(Rule {
                    from: from.clone(),
                    to: to.clone(),
                });
            }
        }
        // Longest first: the regex takes the first alternative that matches
        // at a position, so "portfolio holders" wins over "portfolio holder".
        rules.sort_by(|a, b| b.from.len().cmp(&a.from.len()).then(a.from.cmp(&b.from)));
        rules.dedup_by(|a, b| a.from == b.from);
        let regex = (!rules.is_empty()).then(|| {
            let alternatives: Vec<String> = rules
                .iter()
                .enumerate()
                .map(|(i, r)| format!("(?P<r{i}>{})", pattern(r)))
                .collect();
            Regex::new(&alternatives.join("|")).expect("escaped patterns always compile")
        });
        Terminology { rules, regex }
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Replaces in plain text (a title, a checklist item), leaving web and
    /// email addresses alone.
    pub fn text(&self, text: &str) -> String {
        self.replace(text, str::to_string)
    }

    /// Replaces in `text`, passing each replacement through `escape` (for
    /// the syntax it lands in).
    fn replace(&self, text: &str, escape: impl Fn(&str) -> String) -> String {
        let Some(regex) = &self.regex else {
            return text.to_string();
        };
        // Found only once a rule matches: most strings have no match.
        let mut protected: Option<Vec<Range<usize>>> = None;
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for caps in regex.captures_iter(text) {
            let Some(m) = caps.get(0) else { continue };
            if protected
                .get_or_insert_with(|| addresses(text))
                .iter()
                .any(|p| p.start < m.end() && m.start() < p.end)
            {
                continue;
            }
            let Some(rule) = (0..self.rules.len())
                .find(|i| caps.name(&format!("r{i}")).is_some())
                .map(|i| &self.rules[i])
            else {
                continue;
            };
            out.push_str(&text[last..m.start()]);
            out.push_str(&escape(&follow_case(m.as_str(), rule)));
            last = m.end();
        }
        out.push_str(&text[last..]);
        out
    }

    /// Replaces in the text of a markdown document, and pins the id of any
    /// heading whose words change (`## ... {#old-id}`).
    pub fn markdown(&self, markdown: &str) -> String {
        if self.regex.is_none() {
            return markdown.to_string();
        }
        let headings = sub_sections(markdown);
        let mut edits: Vec<(Range<usize>, String)> = Vec::new();
        let mut changed_headings: Vec<usize> = Vec::new();
        let mut heading_index: Option<usize> = None;
        let mut headings_seen = 0usize;
        // Depth inside code, autolinks and raw HTML, whose text is literal.
        let mut literal = 0usize;
        let mut run: Option<Range<usize>> = None;
        let flush = |run: &mut Option<Range<usize>>,
                     heading: Option<usize>,
                     edits: &mut Vec<(Range<usize>, String)>,
                     changed: &mut Vec<usize>| {
            if let Some(r) = run.take() {
                let source = &markdown[r.clone()];
                // The council's words land in markdown source: escaped, so
                // they stay text whatever they hold.
                let replaced = self.replace(source, escape_markdown);
                if replaced != source {
                    edits.push((r, replaced));
                    if let Some(h) = heading {
                        changed.push(h);
                    }
                }
            }
        };
        for (event, range) in Parser::new_ext(markdown, OPTIONS).into_offset_iter() {
            match &event {
                Event::Text(_) | Event::SoftBreak if literal == 0 => {
                    match run.as_mut() {
                        Some(r) if r.end == range.start => r.end = range.end,
                        _ => {
                            flush(&mut run, heading_index, &mut edits, &mut changed_headings);
                            run = Some(range.clone());
                        }
                    }
                    continue;
                }
                _ => {}
            }
            flush(&mut run, heading_index, &mut edits, &mut changed_headings);
            match event {
                Event::Start(Tag::Heading { .. }) => {
                    heading_index = Some(headings_seen);
                    headings_seen += 1;
                }
                Event::End(TagEnd::Heading(_)) => heading_index = None,
                Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock)
                | Event::Start(Tag::Link {
                    link_type: LinkType::Autolink | LinkType::Email,
                    ..
                }) => literal += 1,
                Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock) => {
                    literal = literal.saturating_sub(1)
                }
                Event::End(TagEnd::Link) if literal > 0 => literal -= 1,
                _ => {}
            }
        }
        flush(&mut run, heading_index, &mut edits, &mut changed_headings);
        changed_headings.dedup();
        for h in changed_headings {
            if let Some(sub) = headings.get(h).filter(|s| !s.explicit_id) {
                edits.push((sub.attribute_at.clone(), format!(" {{#{}}}", sub.id)));
            }
        }
        apply_edits(markdown, edits)
    }
}

/// `text` as markdown that reads as exactly that text: every ASCII
/// punctuation character backslash-escaped (CommonMark allows it for all of
/// them), line breaks and control characters made spaces. So a council's
/// words can never become markup, a link, an entity or a heading attribute.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
            out.push(c);
        } else if c.is_control() {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// Applies non-overlapping edits (insertions at a point allowed).
pub fn apply_edits(text: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (range, replacement) in edits {
        if range.start < last {
            continue;
        }
        out.push_str(&text[last..range.start]);
        out.push_str(&replacement);
        last = range.end;
    }
    out.push_str(&text[last..]);
    out
}

/// The regex for one rule: whole words, any run of spaces between words
/// (a line may break there), either apostrophe.
fn pattern(rule: &Rule) -> String {
    let mut body = String::new();
    let mut in_space = false;
    for c in rule.from.trim().chars() {
        if c.is_whitespace() {
            if !in_space {
                body.push_str(r"\s+");
            }
            in_space = true;
            continue;
        }
        in_space = false;
        match c {
            '\'' | '’' => body.push_str("['’]"),
            c => body.push_str(&regex::escape(&c.to_string())),
        }
    }
    let from = rule.from.trim();
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let start = if word(from.chars().next()) { r"\b" } else { "" };
    let end = if word(from.chars().next_back()) {
        r"\b"
    } else {
        ""
    };
    if rule.case_sensitive() {
        format!("{start}{body}{end}")
    } else {
        format!("{start}(?i:{body}){end}")
    }
}

/// The replacement for `found`, in its capitals: "PORTFOLIO HOLDER",
/// "Portfolio Holder", "Portfolio holder" or as written.
fn follow_case(found: &str, rule: &Rule) -> String {
    if rule.case_sensitive() {
        return rule.to.clone();
    }
    let letters: Vec<char> = found.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return rule.to.to_uppercase();
    }
    let words: Vec<&str> = found.split_whitespace().collect();
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    if words.len() > 1 && words.iter().all(|w| capitalised(w)) {
        return rule
            .to
            .split(' ')
            .map(capitalise)
            .collect::<Vec<_>>()
            .join(" ");
    }
    if capitalised(found) {
        return capitalise(&rule.to);
    }
    rule.to.clone()
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Web and email addresses written in text, which replacements never touch.
fn addresses(text: &str) -> Vec<Range<usize>> {
    // Every address the pattern finds has `://`, `www.`, `mailto:` or `@`
    // (`www.` and `mailto:` in any case); text with none of them has none,
    // and the regex is the slow part of localising a council's copy.
    let has = |needle: &[u8]| {
        text.as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
    };
    if !(text.contains("://") || text.contains('@') || has(b"www.") || has(b"mailto:")) {
        return Vec::new();
    }
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"(?i)\b(?:[a-z][a-z0-9+.\-]*://|www\.|mailto:)[^\s<>()\[\]]*|[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+",
        )
        .expect("a fixed regex")
    });
    re.find_iter(text).map(|m| m.range()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead_member() -> Terminology {
        Terminology::new(
            "portfolio holder",
            Some("lead member"),
            None,
            &[(
                "Troubled Families".to_string(),
                "Families Together".to_string(),
            )],
        )
    }

    #[test]
    fn plurals_and_capitals_follow_the_text() {
        let t = lead_member();
        assert_eq!(
            t.text("Portfolio holders meet. The portfolio holder’s role. PORTFOLIO HOLDER. Portfolio Holder."),
            "Lead members meet. The lead member’s role. LEAD MEMBER. Lead Member."
        );
        assert_eq!(
            t.text("a deputy portfolio\n holder"),
            "a deputy lead member"
        );
    }

    #[test]
    fn whole_words_and_proper_names_only() {
        let t = lead_member();
        assert_eq!(t.text("portfolio holderships"), "portfolio holderships");
        assert_eq!(t.text("troubled families"), "troubled families");
        assert_eq!(
            t.text("The Troubled Families programme"),
            "The Families Together programme"
        );
    }

    #[test]
    fn addresses_are_left_alone() {
        let t = Terminology::new("holder", Some("member"), None, &[]);
        assert_eq!(
            t.text("holder at https://example.org/holder and holder@example.org"),
            "member at https://example.org/holder and holder@example.org"
        );
    }

    #[test]
    fn markdown_text_changes_but_links_code_and_html_do_not() {
        let t = Terminology::new("holder", Some("member"), None, &[]);
        let md = "A holder [holder](holder.md#holder) `holder` <https://x.org/holder>\n\n<div title=\"holder\">holder</div>\n\n```\nholder\n```\n";
        assert_eq!(
            t.markdown(md),
            "A member [member](holder.md#holder) `holder` <https://x.org/holder>\n\n<div title=\"holder\">holder</div>\n\n```\nholder\n```\n"
        );
    }

    #[test]
    fn a_changed_heading_keeps_its_id() {
        let t = lead_member();
        let md = "## Support for portfolio holders\n\nText.\n\n## Already {#fixed}\n\n## Portfolio holder ##\n";
        assert_eq!(
            t.markdown(md),
            "## Support for lead members {#support-for-portfolio-holders}\n\nText.\n\n## Already {#fixed}\n\n## Lead member {#portfolio-holder}\n"
        );
    }

    #[test]
    fn an_irregular_plural_is_used() {
        let t = Terminology::new(
            "portfolio holder",
            Some("cabinet member"),
            Some("members of the cabinet"),
            &[],
        );
        assert_eq!(
            t.text("Portfolio holders and a portfolio holder"),
            "Members of the cabinet and a cabinet member"
        );
    }

    #[test]
    fn a_replacement_lands_in_markdown_as_text() {
        let t = Terminology::new(
            "holder",
            Some("<img src=x onerror=alert(1)> [a](javascript:x) &lt;"),
            None,
            &[],
        );
        let md = t.markdown("A holder here.\n\n## The holder\n");
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, Parser::new_ext(&md, OPTIONS));
        assert!(!html.contains("<img") && !html.contains("<a "), "{html}");
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt; [a](javascript:x) &amp;lt;"),
            "{html}"
        );
        assert!(md.contains("{#the-holder}"), "{md}");
    }

    #[test]
    fn nothing_configured_changes_nothing() {
        let t = Terminology::new("portfolio holder", None, None, &[]);
        assert!(t.is_empty());
        assert_eq!(t.markdown("portfolio holder"), "portfolio holder");
    }
}
