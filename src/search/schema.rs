//! The index's fields, and how much each one counts.

use tantivy::schema::{Field, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions};

use super::analysis::{EN_STEM, WORDS};

/// What a scored field is matched against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Match {
    /// Each stem of the query.
    Stems,
    /// The whole query as one name key (`analysis::name_key`).
    Name,
}

/// A field queries are scored on.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ScoredField {
    pub name: &'static str,
    pub boost: f32,
    pub matches: Match,
}

/// The scored fields, in the order the static export lists them.
///
/// A query that is exactly a glossary term, abbreviation or alias matches
/// `names` and comes first; words of a title or of a term's abbreviations
/// and aliases count half as much again as words of the body. (Tuned on
/// `tests/search-queries.yaml`: stronger title boosts let a one-word title
/// match beat the passage that answers the query.)
pub(crate) const SCORED_FIELDS: [ScoredField; 4] = [
    ScoredField {
        name: "title",
        boost: 1.5,
        matches: Match::Stems,
    },
    ScoredField {
        name: "keywords",
        boost: 1.5,
        matches: Match::Stems,
    },
    ScoredField {
        name: "body",
        boost: 1.0,
        matches: Match::Stems,
    },
    ScoredField {
        name: "names",
        boost: 3.0,
        matches: Match::Name,
    },
];

/// Every field of the index.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    /// Stemmed, stored (shown as the result's title).
    pub title: Field,
    /// Stemmed, stored: abbreviations and aliases of glossary terms.
    pub keywords: Field,
    /// Stemmed, stored (snippets are cut from it).
    pub body: Field,
    /// One token per glossary term, abbreviation and alias: its name key.
    pub names: Field,
    /// Unstemmed lower-cased words of title, keywords and body: the
    /// vocabulary typo tolerance searches. Not scored.
    pub words: Field,
    pub url: Field,
    pub kind: Field,
    pub page_title: Field,
}

impl Fields {
    /// The scored fields in `SCORED_FIELDS` order.
    pub fn scored(&self) -> [(Field, ScoredField); 4] {
        let fields = [self.title, self.keywords, self.body, self.names];
        std::array::from_fn(|i| (fields[i], SCORED_FIELDS[i]))
    }

    /// Finds the fields in an opened index's schema; `None` when it is not
    /// an index this version wrote.
    pub fn from_schema(schema: &Schema) -> Option<Fields> {
        let field = |name: &str| schema.get_field(name).ok();
        Some(Fields {
            title: field("title")?,
            keywords: field("keywords")?,
            body: field("body")?,
            names: field("names")?,
            words: field("words")?,
            url: field("url")?,
            kind: field("kind")?,
            page_title: field("page_title")?,
        })
    }
}

pub(crate) fn build() -> (Schema, Fields) {
    let stemmed = TextFieldIndexing::default()
        .set_tokenizer(EN_STEM)
        .set_index_option(IndexRecordOption::WithFreqs);
    // A name matches or not: how many aliases a term has must not matter.
    let names = TextFieldIndexing::default()
        .set_tokenizer("raw")
        .set_index_option(IndexRecordOption::WithFreqs)
        .set_fieldnorms(false);
    let vocabulary = TextFieldIndexing::default()
        .set_tokenizer(WORDS)
        .set_index_option(IndexRecordOption::Basic)
        .set_fieldnorms(false);
    let text = |indexing: &TextFieldIndexing| {
        TextOptions::default().set_indexing_options(indexing.clone())
    };

    let mut builder = Schema::builder();
    let title = builder.add_text_field("title", text(&stemmed).set_stored());
    let keywords = builder.add_text_field("keywords", text(&stemmed).set_stored());
    let body = builder.add_text_field("body", text(&stemmed).set_stored());
    let names = builder.add_text_field("names", text(&names));
    let words = builder.add_text_field("words", text(&vocabulary));
    let url = builder.add_text_field("url", STORED);
    let kind = builder.add_text_field("kind", STORED);
    let page_title = builder.add_text_field("page_title", STORED);
    let schema = builder.build();
    (
        schema,
        Fields {
            title,
            keywords,
            body,
            names,
            words,
            url,
            kind,
            page_title,
        },
    )
}
