//! Search results as HTML (into the site's `search.html`) and as JSON.

use serde::Serialize;

use crate::html::escape;
use crate::search::Hit;

/// Where `search.html` wants the results; the static page leaves it empty.
pub const RESULTS_MARKER: &str = "<!--firstdays:results-->";

/// The search box on `search.html`, which the server fills with the query.
pub const QUERY_INPUT: &str = "id=\"search-page-q\"";

/// `search.html` with `fragment` in place of the marker, the query in its
/// search box, and its `<noscript>` note (which explains what to do on
/// static hosting without JavaScript) dropped, since the server answered.
pub fn fill_search_page(page: &str, fragment: &str, query: &str) -> String {
    let mut page = page.replacen(RESULTS_MARKER, fragment, 1);
    if let (Some(start), Some(end)) = (page.find("<noscript>"), page.find("</noscript>"))
        && start < end
    {
        page.replace_range(start..end + "</noscript>".len(), "");
    }
    page.replacen(
        QUERY_INPUT,
        &format!("{QUERY_INPUT} value=\"{}\"", escape(query)),
        1,
    )
}

/// "N results for “query”" (N counts the hits matching every word of the
/// query) and an ordered list of links; hits matching only some of the
/// words follow under their own heading.
pub fn results_fragment(query: &str, hits: &[Hit]) -> String {
    let every = hits.iter().take_while(|h| h.every_word).count();
    let mut html = format!(
        "<h2 class=\"search-summary\">{}</h2>\n",
        escape(&count_text(every, query))
    );
    if hits.is_empty() {
        html.push_str(
            "<p class=\"search-none\">Try fewer or different words, or browse the contents.</p>\n",
        );
        return html;
    }
    let (all_words, some_words) = hits.split_at(every);
    html.push_str(&results_list(all_words));
    if !some_words.is_empty() {
        html.push_str(&format!(
            "<h3 class=\"search-more\">{SOME_WORDS_HEADING}</h3>\n"
        ));
        html.push_str(&results_list(some_words));
    }
    html
}

/// The heading above results that match only some of the query's words
/// (the same words as `static/search.js`).
pub const SOME_WORDS_HEADING: &str = "More results matching some of your words";

/// "3 results for “care council”", counting results that match every word.
pub fn count_text(n: usize, query: &str) -> String {
    let noun = if n == 1 { "result" } else { "results" };
    format!("{n} {noun} for \u{201c}{query}\u{201d}")
}

fn results_list(hits: &[Hit]) -> String {
    if hits.is_empty() {
        return String::new();
    }
    // The same markup as the static runtime (`static/search.js`) renders, so
    // the page looks the same with JavaScript off.
    let mut html = String::from("<ol class=\"search-results\">\n");
    for hit in hits {
        html.push_str(&format!(
            "<li class=\"search-result search-result--{kind}\">\
             <a class=\"search-result__link\" href=\"{url}\"><span class=\"search-result__title\">{title}</span></a> \
             <span class=\"search-result__page\">{page}</span>\n\
             <p class=\"search-result__snippet\">{snippet}</p></li>\n",
            kind = kind_name(hit),
            url = escape(&hit.url),
            title = escape(&hit.title),
            page = escape(&hit.page_title),
            // Already HTML-escaped by the searcher, with `<mark>` highlights.
            snippet = hit.snippet,
        ));
    }
    html.push_str("</ol>\n");
    html
}

/// A one-line note in place of results: a prompt or why the search was refused.
pub fn message_fragment(class: &str, message: &str) -> String {
    format!("<p class=\"{class}\">{}</p>\n", escape(message))
}

#[derive(Serialize)]
struct ApiResults<'a> {
    query: &'a str,
    results: &'a [Hit],
}

#[derive(Serialize)]
struct ApiError<'a> {
    error: &'a str,
}

/// `{ "query": ..., "results": [...] }`
pub fn api_results(query: &str, hits: &[Hit]) -> Vec<u8> {
    to_json(&ApiResults {
        query,
        results: hits,
    })
}

/// `{ "error": ... }`
pub fn api_error(message: &str) -> Vec<u8> {
    to_json(&ApiError { error: message })
}

fn to_json(value: &impl Serialize) -> Vec<u8> {
    // Plain strings, numbers and enums cannot fail to serialise.
    serde_json::to_vec(value)
        .unwrap_or_else(|_| br#"{"error":"could not encode the response"}"#.to_vec())
}

fn kind_name(hit: &Hit) -> String {
    serde_json::to_value(hit.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::DocKind;

    fn hit(title: &str) -> Hit {
        Hit {
            title: title.to_string(),
            url: "glossary.html#ehcp".to_string(),
            kind: DocKind::Term,
            page_title: "Glossary".to_string(),
            snippet: "an <mark>EHCP</mark> is".to_string(),
            score: 1.5,
            every_word: true,
        }
    }

    #[test]
    fn fragment_escapes_everything_but_the_snippet() {
        let html = results_fragment("<b>ehcp</b>", &[hit("EHCP & <i>plans</i>")]);
        assert!(
            html.contains("1 result for \u{201c}&lt;b&gt;ehcp&lt;/b&gt;\u{201d}"),
            "{html}"
        );
        assert!(
            html.contains("href=\"glossary.html#ehcp\"><span class=\"search-result__title\">EHCP &amp; &lt;i&gt;plans&lt;/i&gt;</span></a>"),
            "{html}"
        );
        assert!(html.contains("an <mark>EHCP</mark> is"), "{html}");
        assert!(
            html.contains("<li class=\"search-result search-result--term\">"),
            "{html}"
        );
        assert!(results_fragment("x", &[]).contains("0 results for"));
    }

    #[test]
    fn page_fill_replaces_the_marker_once() {
        let page = format!(
            "<input {QUERY_INPUT}><main>{RESULTS_MARKER}</main><noscript>needs JavaScript</noscript>"
        );
        assert_eq!(
            fill_search_page(&page, "<p>hi</p>", "a \"b\""),
            "<input id=\"search-page-q\" value=\"a &quot;b&quot;\"><main><p>hi</p></main>"
        );
    }

    #[test]
    fn json_shape() {
        let json: serde_json::Value =
            serde_json::from_slice(&api_results("ehcp", &[hit("EHCP")])).unwrap();
        assert_eq!(json["query"], "ehcp");
        assert_eq!(json["results"][0]["kind"], "term");
        assert_eq!(json["results"][0]["url"], "glossary.html#ehcp");
        let err: serde_json::Value = serde_json::from_slice(&api_error("bad")).unwrap();
        assert_eq!(err["error"], "bad");
    }
}
