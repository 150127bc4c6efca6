//! Column alignment in tables (`|:--|--:|`). pulldown-cmark writes it as a
//! `style` attribute, which the final check refuses on every page (council
//! content must never style itself, and the policy has no `'unsafe-inline'`
//! styles), so an editor aligning a column got a build error. Alignment
//! becomes a class the theme styles instead.

use pulldown_cmark::{Alignment, Event, Tag};

use super::Spanned;

/// True if any table in `events` aligns a column.
pub fn any_aligned(events: &[Spanned]) -> bool {
    events.iter().any(|(event, _)| {
        matches!(event, Event::Start(Tag::Table(aligns))
            if aligns.iter().any(|a| *a != Alignment::None))
    })
}

/// Rewrites the cells pulldown-cmark aligned with `style` to use
/// `class="align-…"`. Only the exact tags it writes are touched.
pub fn alignment_as_class(html: &str) -> String {
    let mut out = html.to_string();
    for cell in ["th", "td"] {
        for side in ["left", "center", "right"] {
            out = out.replace(
                &format!("<{cell} style=\"text-align: {side}\">"),
                &format!("<{cell} class=\"align-{side}\">"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{Parser, html};

    use super::*;
    use crate::markdown::OPTIONS;

    #[test]
    fn aligned_columns_get_classes_not_styles() {
        let md = "| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n";
        let events: Vec<Spanned> = Parser::new_ext(md, OPTIONS)
            .into_offset_iter()
            .map(|(e, r)| (e.into_static(), r))
            .collect();
        assert!(any_aligned(&events));
        let mut raw = String::new();
        html::push_html(&mut raw, events.into_iter().map(|(e, _)| e));
        let html = alignment_as_class(&raw);
        assert!(!html.contains("style="), "{html}");
        for want in [
            "<th class=\"align-left\">a</th>",
            "<th class=\"align-center\">b</th>",
            "<th class=\"align-right\">c</th>",
            "<th>d</th>",
            "<td class=\"align-right\">3</td>",
        ] {
            assert!(html.contains(want), "{want} not in {html}");
        }
    }
}
