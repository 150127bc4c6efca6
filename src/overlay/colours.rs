//! The council's colours: parsed, checked for WCAG 2.1 AA contrast, and
//! written as the CSS custom properties the theme's stylesheet uses.

use super::config::{Colours, ConfigFile};
use crate::diagnostics::{Errors, Result};

/// WCAG 2.1 AA for normal-size text.
pub const AA_TEXT: f64 = 4.5;
/// WCAG 2.1 AA for what is not text but must be seen, such as a focus ring
/// (1.4.11 Non-text Contrast).
pub const AA_NON_TEXT: f64 = 3.0;
const WHITE: Rgb = Rgb(255, 255, 255);
/// The footer's background, `--panel` in the theme's stylesheet.
const PANEL: Rgb = Rgb(0xf3, 0xf2, 0xf1);

/// The theme's own colours (`themes/default/static/style.css`), used for any
/// colour the council does not set.
const DEFAULTS: [(&str, &str); 7] = [
    ("brand", "#1d70b8"),
    ("brand_text", "#ffffff"),
    ("link", "#1d70b8"),
    ("link_visited", "#4c2c92"),
    ("link_hover", "#003078"),
    ("text", "#0b0c0c"),
    ("focus", "#ffdd00"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb` or `#rgb`.
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |s: &str| u8::from_str_radix(s, 16).ok();
        match hex.len() {
            6 => Some(Rgb(
                channel(&hex[0..2])?,
                channel(&hex[2..4])?,
                channel(&hex[4..6])?,
            )),
            3 => {
                let d = |i: usize| channel(&hex[i..i + 1]).map(|v| v * 17);
                Some(Rgb(d(0)?, d(1)?, d(2)?))
            }
            _ => None,
        }
    }

    /// Relative luminance, WCAG 2.1.
    pub fn luminance(self) -> f64 {
        let linear = |c: u8| {
            let s = f64::from(c) / 255.0;
            if s <= 0.04045 {
                s / 12.92
            } else {
                ((s + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2)
    }

    pub fn css(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// Contrast ratio, WCAG 2.1: (lighter + 0.05) / (darker + 0.05), 1 to 21.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// The council's colours, every one set (theme defaults filled in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Palette {
    /// (key in `council.yaml`, colour), in a fixed order.
    pub colours: Vec<(&'static str, Rgb)>,
}

impl Palette {
    fn get(&self, key: &str) -> Rgb {
        self.colours
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(WHITE, |(_, c)| *c)
    }

    /// `:root { --brand: ...; }` for `static/council/brand.css`.
    pub fn stylesheet(&self, council: &str) -> String {
        let mut css = format!(
            "/* {}: colours from its council.yaml, checked for WCAG AA contrast. */\n:root {{\n",
            css_comment_text(council)
        );
        for (key, colour) in &self.colours {
            css.push_str(&format!(
                "  --{}: {};\n",
                key.replace('_', "-"),
                colour.css()
            ));
        }
        css.push_str("}\n");
        css
    }
}

/// A council's name as it may appear inside a CSS comment: letters,
/// digits, spaces and plain punctuation only, so nothing in it can close
/// the comment (`*/`, even rebuilt from `**//` after one removal) or the
/// stylesheet.
fn css_comment_text(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || " .,'’()&-".contains(c) {
                c
            } else {
                ' '
            }
        })
        .collect()
}

/// Parses the colours and checks every pair that is read as text.
pub fn palette(file: &ConfigFile) -> Result<Palette> {
    let c: &Colours = &file.config.colours;
    let given = [
        ("brand", &c.brand),
        ("brand_text", &c.brand_text),
        ("link", &c.link),
        ("link_visited", &c.link_visited),
        ("link_hover", &c.link_hover),
        ("text", &c.text),
        ("focus", &c.focus),
    ];
    let mut errors = Vec::new();
    let mut colours = Vec::new();
    for ((key, value), (_, default)) in given.into_iter().zip(DEFAULTS) {
        let colour = match value {
            Some(text) => match Rgb::parse(text) {
                Some(rgb) => rgb,
                None => {
                    errors.push(
                        file.error(
                            file.line_of_key(key),
                            format!("colour `{key}` is `{text}`, which is not a colour"),
                        )
                        .hint("write a hex colour in quotes, such as \"#0b0c0c\""),
                    );
                    continue;
                }
            },
            None => Rgb::parse(default).unwrap_or(WHITE),
        };
        colours.push((key, colour));
    }
    Errors::check(errors)?;
    // Contrast is checked once every colour parses.
    let mut errors = Vec::new();
    let palette = Palette { colours };
    for pair in PAIRS {
        let background = match pair.background {
            "white" => WHITE,
            "panel" => PANEL,
            key => palette.get(key),
        };
        let ratio = contrast(palette.get(pair.foreground), background);
        if ratio < pair.minimum {
            let shown = |key: &str, c: Rgb| match key {
                "white" => "the white page (#ffffff)".to_string(),
                "panel" => "the footer's grey (#f3f2f1)".to_string(),
                _ => format!("`{key}` ({})", c.css()),
            };
            let line = if c_is_set(c, pair.foreground) {
                file.line_of_key(pair.foreground)
            } else {
                file.line_of_key(pair.background)
            };
            errors.push(
                file.error(
                    line,
                    format!(
                        "colour contrast too low: {} on {} is {:.2}:1 ({}); WCAG AA needs at least {}:1 for {}",
                        shown(pair.foreground, palette.get(pair.foreground)),
                        shown(pair.background, background),
                        floor2(ratio),
                        pair.seen_as,
                        pair.minimum,
                        if pair.minimum < AA_TEXT { "a focus indicator" } else { "text" },
                    ),
                )
                .hint("darken the text colour or lighten the background (or the other way round) until the ratio is enough"),
            );
        }
    }
    Errors::check(errors)?;
    Ok(palette)
}

/// Two colours the reader sees one on the other, and how much they must differ.
struct Pair {
    foreground: &'static str,
    /// A palette key, or `white` (the page) or `panel` (the footer).
    background: &'static str,
    /// Where in the page, for the error message.
    seen_as: &'static str,
    minimum: f64,
}

const fn pair(
    foreground: &'static str,
    background: &'static str,
    seen_as: &'static str,
    minimum: f64,
) -> Pair {
    Pair {
        foreground,
        background,
        seen_as,
        minimum,
    }
}

/// Every pair the theme's stylesheet shows (`themes/default/static/style.css`).
/// Links on the header's brand colour are `brand_text` in every state,
/// visited included, so `brand_text` on `brand` covers them.
const PAIRS: [Pair; 10] = [
    pair(
        "brand_text",
        "brand",
        "the header's text and links",
        AA_TEXT,
    ),
    pair("text", "white", "the page's text", AA_TEXT),
    pair("link", "white", "links", AA_TEXT),
    pair("link_visited", "white", "visited links", AA_TEXT),
    pair("link_hover", "white", "links under the pointer", AA_TEXT),
    pair("text", "focus", "the focused link's text", AA_TEXT),
    pair("link", "panel", "links in the footer", AA_TEXT),
    pair(
        "link_visited",
        "panel",
        "visited links in the footer",
        AA_TEXT,
    ),
    pair(
        "link_hover",
        "panel",
        "links in the footer under the pointer",
        AA_TEXT,
    ),
    pair(
        "focus",
        "brand",
        "the focus ring on the header",
        AA_NON_TEXT,
    ),
];

fn c_is_set(c: &Colours, key: &str) -> bool {
    match key {
        "brand" => c.brand.is_some(),
        "brand_text" => c.brand_text.is_some(),
        "link" => c.link.is_some(),
        "link_visited" => c.link_visited.is_some(),
        "link_hover" => c.link_hover.is_some(),
        "text" => c.text.is_some(),
        "focus" => c.focus.is_some(),
        _ => false,
    }
}

/// Rounds down, so a ratio just under 4.5 never shows as "4.50".
fn floor2(x: f64) -> f64 {
    (x * 100.0).floor() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_cannot_close_the_css_comment() {
        for name in [
            "A */ body{display:none} /*",
            "A **// x",
            "A </style><script>",
        ] {
            let text = css_comment_text(name);
            assert!(!text.contains("*/") && !text.contains('<'), "{text}");
        }
        assert_eq!(
            css_comment_text("St Helen’s (Met) & Co."),
            "St Helen’s (Met) & Co."
        );
    }

    #[test]
    fn contrast_matches_wcag_reference_values() {
        let black = Rgb(0, 0, 0);
        assert!((contrast(black, WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(WHITE, WHITE) - 1.0).abs() < 1e-9);
        // GOV.UK blue on white is 5.17:1.
        let blue = Rgb::parse("#1d70b8").unwrap();
        assert!((contrast(blue, WHITE) - 5.17).abs() < 0.01);
        // #767676 on white is the lightest grey that passes: 4.54:1.
        let grey = Rgb::parse("#767676").unwrap();
        assert!(contrast(grey, WHITE) >= 4.5);
        assert!(contrast(Rgb::parse("#777").unwrap(), WHITE) < 4.5);
    }

    #[test]
    fn parses_short_and_long_hex() {
        assert_eq!(Rgb::parse("#fff"), Some(WHITE));
        assert_eq!(Rgb::parse("#0B0C0C"), Some(Rgb(11, 12, 12)));
        assert_eq!(Rgb::parse("red"), None);
        assert_eq!(Rgb::parse("#12345"), None);
    }
}
