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
    /// Each content word of the query as typed (lower-cased, unstemmed).
    Words,
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
/// `exact` holds a passage's words as written: a word typed exactly as the
/// text has it counts a little more than another form of it, so "corporate
/// parent" prefers "a corporate parent" (Legislation) to "corporate
/// parenting" (Training), which stem alike.
///
/// A query that is exactly a glossary term, abbreviation or alias matches
/// `names` and comes first; words of a title or of a term's abbreviations
/// and aliases count half as much again as words of the body. (Tuned on
/// `tests/search-queries.yaml`: stronger title boosts let a one-word title
/// match beat the passage that answers the query.)
pub(crate) const SCORED_FIELDS: [ScoredField; 5] = [
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
        boost: 10.0,
        matches: Match::Name,
    },
    ScoredField {
        name: "exact",
        boost: 1.0,
        matches: Match::Words,
    },
];

/// A clause on word positions: the query's words in a field, in the
/// query's order and spacing (`slop` 0), or each two neighbouring words
/// within `slop` words of each other.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PhraseClause {
    /// A scored field, by its `SCORED_FIELDS` name.
    pub field: &'static str,
    pub boost: f32,
    pub slop: u32,
    /// True for the whole phrase, false for each neighbouring pair.
    pub whole: bool,
}

/// Position clauses, scored on top of the word clauses (tantivy's BM25 of
/// the phrase count, idf summed over its words). The whole phrase in a
/// passage lifts it above passages holding the same words apart, and above
/// a one-line entry whose few words BM25 favours ("children in care
/// council" is People's phrase, not the Children's social care resource);
/// neighbouring words near each other lift a passage above one where they
/// are far apart. (Tuned on `tests/search-queries.yaml`.)
pub(crate) const PHRASE_CLAUSES: [PhraseClause; 4] = [
    PhraseClause {
        field: "body",
        boost: 1.0,
        slop: 0,
        whole: true,
    },
    PhraseClause {
        field: "title",
        boost: 1.5,
        slop: 0,
        whole: true,
    },
    PhraseClause {
        field: "body",
        boost: 0.5,
        slop: NEAR_SLOP,
        whole: false,
    },
    PhraseClause {
        field: "title",
        boost: 0.75,
        slop: NEAR_SLOP,
        whole: false,
    },
];

/// How far apart (in words, beyond the query's own spacing) two
/// neighbouring query words may be and still count as near.
pub(crate) const NEAR_SLOP: u32 = 5;

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
    /// Unstemmed lower-cased words of the title and body, scored (see
    /// `SCORED_FIELDS`); with the keywords' words, also the vocabulary typo
    /// tolerance searches (`query::load_vocabulary`).
    pub exact: Field,
    pub url: Field,
    pub kind: Field,
    pub page_title: Field,
}

impl Fields {
    /// The scored fields in `SCORED_FIELDS` order.
    pub fn scored(&self) -> [(Field, ScoredField); 5] {
        let fields = [self.title, self.keywords, self.body, self.names, self.exact];
        std::array::from_fn(|i| (fields[i], SCORED_FIELDS[i]))
    }

    /// Finds the fields in an opened index's schema; `None` when it is not
    /// an index this version wrote.
    /// A scored field by its `SCORED_FIELDS` name.
    pub fn by_name(&self, name: &str) -> Option<Field> {
        self.scored()
            .into_iter()
            .find(|(_, f)| f.name == name)
            .map(|(field, _)| field)
    }

    pub fn from_schema(schema: &Schema) -> Option<Fields> {
        let field = |name: &str| schema.get_field(name).ok();
        Some(Fields {
            title: field("title")?,
            keywords: field("keywords")?,
            body: field("body")?,
            names: field("names")?,
            exact: field("exact")?,
            url: field("url")?,
            kind: field("kind")?,
            page_title: field("page_title")?,
        })
    }
}

pub(crate) fn build() -> (Schema, Fields) {
    // Positions, for the phrase and nearness clauses.
    let stemmed = TextFieldIndexing::default()
        .set_tokenizer(EN_STEM)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    // A name matches or not: how many aliases a term has must not matter.
    let names = TextFieldIndexing::default()
        .set_tokenizer("raw")
        .set_index_option(IndexRecordOption::WithFreqs)
        .set_fieldnorms(false);
    let exact = TextFieldIndexing::default()
        .set_tokenizer(WORDS)
        .set_index_option(IndexRecordOption::WithFreqs);
    let text = |indexing: &TextFieldIndexing| {
        TextOptions::default().set_indexing_options(indexing.clone())
    };

    let mut builder = Schema::builder();
    let title = builder.add_text_field("title", text(&stemmed).set_stored());
    let keywords = builder.add_text_field("keywords", text(&stemmed).set_stored());
    let body = builder.add_text_field("body", text(&stemmed).set_stored());
    let names = builder.add_text_field("names", text(&names));
    let exact = builder.add_text_field("exact", text(&exact));
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
            exact,
            url,
            kind,
            page_title,
        },
    )
}
