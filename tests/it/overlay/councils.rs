//! The two shipped (fictional) councils, each built from the real guide
//! into a temp dir and checked page by page.

use std::fs;
use std::path::PathBuf;
use std::sync::OnceLock;

use crate::support::search::shards_text;
use crate::support::site::{Built, attr_values, build, options, real_guide, try_build_with};
use firstdays::content::Guide;
use firstdays::overlay::{self, Council};

fn council_dir(slug: &str) -> PathBuf {
    real_guide().join("councils").join(slug)
}

fn build_council(slug: &str) -> Built {
    try_build_with(&real_guide(), |opts| opts.council = Some(council_dir(slug)))
        .unwrap_or_else(|e| panic!("build of council {slug} failed:\n{e}"))
}

fn northshire() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| build_council("northshire"))
}

fn riverton() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| build_council("riverton"))
}

fn base() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| build(&real_guide()))
}

/// The text of `html` between the first `from` and the first `to` after it.
fn between<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let start = html
        .find(from)
        .unwrap_or_else(|| panic!("no {from:?} in page"));
    let rest = &html[start..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

/// The search documents of a council's localised guide, as the index gets them.
fn search_text(slug: &str) -> String {
    let guide = Guide::load(&real_guide()).unwrap();
    let council = Council::load(&council_dir(slug)).unwrap();
    let localised = overlay::localise(guide, &council).unwrap();
    let linked = firstdays::links::link(&localised.guide).unwrap();
    firstdays::search_docs(&linked)
        .into_iter()
        .map(|d| format!("{} | {} | {} | {}\n", d.url, d.title, d.page_title, d.body))
        .collect()
}

#[test]
fn the_shipped_councils_are_pinned_to_the_current_base() {
    for site in [northshire(), riverton()] {
        assert!(
            site.summary.warnings.is_empty(),
            "{:?}",
            site.summary.warnings
        );
    }
}

#[test]
fn a_replaced_section_shows_the_councils_text() {
    let training = northshire().read("training.html");
    assert!(training.contains("Northshire runs a member development programme"));
    assert!(!training.contains("The LGA also produces a range of documents"));
    // Riverton replaces its introduction (a file at the folder's root).
    let intro = riverton().read("introduction.html");
    assert!(intro.contains("adapted by Riverton Borough Council from the LGA"));
    assert!(intro.contains(r#"href="riverton-priorities.html""#));
}

#[test]
fn an_appended_patch_ends_its_sub_section() {
    let page = northshire().read("getting-organised.html");
    let sub = between(
        &page,
        r#"id="meet-your-support-staff""#,
        r#"id="get-important-meetings-in-your-diary""#,
    );
    let base_text = sub
        .find("Setting expectations and boundaries early")
        .unwrap();
    let patch = sub
        .find("In Northshire, a cabinet support officer works with each lead member")
        .unwrap();
    assert!(base_text < patch, "appended after the base text");
}

#[test]
fn an_inserted_sub_section_follows_its_target_and_is_in_the_contents() {
    let page = northshire().read("getting-organised.html");
    let meetings = page
        .find(r#"<h2 id="get-important-meetings-in-your-diary""#)
        .unwrap();
    let inserted = page
        .find(r#"<h2 id="northshires-partnership-meetings""#)
        .unwrap();
    let training = page.find(r#"<h2 id="book-onto-training""#).unwrap();
    assert!(meetings < inserted && inserted < training);
    let toc = between(&page, "toc-heading", "</nav>");
    assert!(toc.contains(r##"href="#northshires-partnership-meetings""##));
}

#[test]
fn a_prepended_patch_comes_first_under_its_heading() {
    let page = riverton().read("getting-organised.html");
    let sub = between(
        &page,
        r#"id="be-clear-on-your-responsibilities""#,
        r#"id="speak-to-your-employer""#,
    );
    let patch = sub
        .find("In Riverton, the cabinet member for children and families also chairs")
        .unwrap();
    let base_text = sub
        .find("The Government publishes statutory guidance")
        .unwrap();
    assert!(patch < base_text);
}

#[test]
fn a_replacing_patch_keeps_the_heading_id_and_drops_the_base_text() {
    let page = riverton().read("getting-organised.html");
    let sub = between(&page, r#"<h2 id="book-onto-training""#, "</div>");
    assert!(sub.contains("Book onto Riverton's induction and the LGA's training"));
    assert!(sub.contains("Riverton's member induction runs every May"));
    assert!(!sub.contains("This aims to support"));
    assert!(!page.contains("give live interviews"));
}

#[test]
fn an_added_section_has_its_place_in_the_navigation() {
    let index = northshire().read("index.html");
    let people = index.find(r#"href="people.html""#).unwrap();
    let added = index.find(r#"href="local-contacts.html""#).unwrap();
    let process = index
        .find(r#"href="process-and-how-things-work.html""#)
        .unwrap();
    assert!(people < added && added < process, "after: people");
    let contacts = northshire().read("local-contacts.html");
    assert!(contacts.contains("<h1>Who&#39;s who in Northshire</h1>"));
    assert!(contacts.contains(r#"href="people.html" rel="prev""#));

    let index = riverton().read("index.html");
    let info = index
        .find(r#"href="information-and-statistics.html""#)
        .unwrap();
    let added = index.find(r#"href="riverton-priorities.html""#).unwrap();
    let training = index.find(r#"href="training.html""#).unwrap();
    assert!(info < added && added < training, "order: 7");
    assert!(
        northshire()
            .read("sitemap.xml")
            .contains("local-contacts.html")
    );
}

#[test]
fn a_removed_section_is_gone_and_nothing_links_to_it() {
    let site = riverton();
    assert!(!site.out.join("alternative-delivery-models.html").exists());
    for (path, html) in site.pages() {
        for href in attr_values(&html, "href") {
            assert!(
                !href.contains("alternative-delivery-models"),
                "{path} links to {href}"
            );
        }
    }
    assert!(
        !site
            .read("sitemap.xml")
            .contains("alternative-delivery-models")
    );
    assert!(base().out.join("alternative-delivery-models.html").exists());
}

#[test]
fn a_removed_term_is_gone_and_not_linked() {
    for (site, slug, name) in [
        (northshire(), "solace", "Solace"),
        (riverton(), "nrpf", "No recourse to public funds"),
    ] {
        let glossary = site.read("glossary.html");
        assert!(!attr_values(&glossary, "id").contains(&slug.to_string()));
        assert!(!glossary.contains(name), "{name} still in the glossary");
        // The 2019 edition is published as the LGA wrote it, with its own glossary.
        for (path, html) in site
            .pages()
            .into_iter()
            .filter(|(p, _)| !p.starts_with("editions/"))
        {
            assert!(
                !html.contains(&format!("\"glossary.html#{slug}\"")),
                "{path} links to the removed {slug}"
            );
        }
        assert!(
            base()
                .read("glossary.html")
                .contains(&format!("id=\"{slug}\""))
        );
    }
}

#[test]
fn an_added_term_is_in_the_glossary_and_linked_from_the_text() {
    let glossary = northshire().read("glossary.html");
    assert!(attr_values(&glossary, "id").contains(&"northshire-childrens-partnership".to_string()));
    let organised = northshire().read("getting-organised.html");
    assert!(organised.contains(
        r#"<a class="glossary-term" href="glossary.html#northshire-childrens-partnership">Northshire Children&#39;s Partnership</a>"#
    ));
    // Its entry lists the sections that mention it.
    let entry = between(
        &glossary,
        r#"id="northshire-childrens-partnership""#,
        "</dd>",
    );
    assert!(
        entry.contains(r#"href="getting-organised.html""#),
        "{entry}"
    );
    let riverton_page = riverton().read("getting-organised.html");
    assert!(riverton_page.contains(r#"href="glossary.html#corporate-parenting-board""#));
}

#[test]
fn a_replaced_term_keeps_its_anchor_with_the_councils_definition() {
    let glossary = northshire().read("glossary.html");
    let entry = between(&glossary, r#"id="troubled-families""#, "</dd>");
    assert!(entry.contains("Northshire Families Together"), "{entry}");
    assert!(entry.contains("run by the early help service"), "{entry}");
}

#[test]
fn the_councils_words_are_used_everywhere_and_the_base_wording_nowhere() {
    for (slug, site) in [("northshire", northshire()), ("riverton", riverton())] {
        // The 2019 edition is the LGA's own words, which changes.html quotes.
        let own_pages = site
            .pages()
            .into_iter()
            .filter(|(p, _)| !p.starts_with("editions/") && p != "changes.html");
        for (path, html) in own_pages {
            let lower = html.to_lowercase();
            assert!(
                !lower.contains("portfolio holder"),
                "{slug}/{path} still says portfolio holder"
            );
            assert!(!html.contains("Troubled Families"), "{slug}/{path}");
        }
        for file in ["sitemap.xml", "robots.txt"] {
            assert!(!site.read(file).to_lowercase().contains("portfolio holder"));
        }
        let search = search_text(slug).to_lowercase();
        assert!(!search.contains("portfolio holder"), "{slug} search index");
        assert!(!search.contains("troubled families"), "{slug} search index");
    }
    // Plurals: the base's "two or more portfolio holders".
    let base_page = base().read("getting-organised.html");
    assert!(base_page.contains("split between two or more portfolio holders"));
    let page = northshire().read("getting-organised.html");
    assert!(page.contains("split between two or more lead members"));
    assert!(page.contains("As a lead member, you are likely"));
    let page = riverton().read("getting-organised.html");
    assert!(page.contains("split between two or more cabinet members"));
    // Capitals, titles and the checklist.
    assert!(northshire().read("index.html").contains(
        "<title>Your first ten days as a lead member for children&#39;s services</title>"
    ));
    assert!(
        riverton()
            .read("index.html")
            .contains("Your first ten days as a cabinet member for children and families")
    );
    let glossary = northshire().read("glossary.html");
    assert!(glossary.contains("Northshire Families Together"));
    assert!(search_text("northshire").contains("lead member"));
    assert!(search_text("riverton").contains("Riverton Families First"));
}

#[test]
fn the_base_keeps_the_current_editions_wording_exactly() {
    let intro = base().read("introduction.html");
    assert!(intro.contains("The role of portfolio holder for children’s services gives you"));
    assert!(base().read("index.html").contains(
        "<title>Your first ten days as a portfolio holder for children&#39;s services</title>"
    ));
    for (path, html) in base().pages() {
        assert!(!html.contains("static/council/"), "{path}");
        // The 2019 edition, and the page of what changed since, quote "lead member".
        if path.starts_with("editions/") || path == "changes.html" {
            continue;
        }
        assert!(!html.contains("lead member"), "{path}");
    }
    assert!(!base().out.join("static/council").exists());
}

#[test]
fn branding_colours_logo_header_and_footer() {
    let site = northshire();
    let css = site.read("static/council/brand.css");
    assert!(css.contains("--brand: #00594c;"), "{css}");
    assert!(css.contains("--brand-text: #ffffff;"));
    assert!(css.contains("--focus: #ffbf47;"));
    let logo = fs::read(site.out.join("static/council/logo.svg")).unwrap();
    assert_eq!(
        logo,
        fs::read(council_dir("northshire").join("logo.svg")).unwrap()
    );
    // The 2019 edition is published as the LGA wrote it, LGA branding and all.
    let council_pages = site
        .pages()
        .into_iter()
        .filter(|(p, _)| p != "404.html" && !p.starts_with("editions/"));
    for (path, html) in council_pages {
        assert!(
            html.contains(r#"<link rel="stylesheet" href="static/council/brand.css">"#),
            "{path}"
        );
        assert!(
            html.contains(r#"<img class="site-logo" src="static/council/logo.svg" alt="Northshire County Council">"#),
            "{path}"
        );
        assert!(
            html.contains("01632 960100"),
            "{path}: council contact in the footer"
        );
        assert!(
            html.contains("induction guide for new lead members"),
            "{path}: header text"
        );
    }
    let riverton_logo = riverton().out.join("static/council/logo.png");
    assert_eq!(
        fs::read(riverton_logo).unwrap(),
        fs::read(council_dir("riverton").join("images/riverton-logo.png")).unwrap()
    );
    assert!(
        riverton()
            .read("static/council/brand.css")
            .contains("--brand: #4b1e6e;")
    );
    // The council's base URL is the sitemap's.
    assert!(
        site.read("sitemap.xml")
            .contains("https://www.northshire.example.org/first-ten-days/index.html")
    );
}

#[test]
fn a_council_template_replaces_the_themes() {
    assert!(
        riverton()
            .read("404.html")
            .contains("Riverton councillors can also ask Member Services")
    );
    assert!(!northshire().read("404.html").contains("Riverton"));
}

#[test]
fn every_internal_link_of_a_council_site_resolves() {
    for site in [northshire(), riverton()] {
        let pages = site.pages();
        for (path, html) in &pages {
            for target in attr_values(html, "href")
                .into_iter()
                .chain(attr_values(html, "src"))
            {
                if target.contains(':') || target.starts_with("//") || path == "404.html" {
                    continue;
                }
                let (file, _) = target.split_once('#').unwrap_or((&target, ""));
                let file = file.split('?').next().unwrap();
                // From the page's folder: an old edition's banner goes `../../`.
                let dir = std::path::Path::new(path.as_str()).parent().unwrap();
                let file = if file.is_empty() {
                    site.out.join(path)
                } else {
                    site.out.join(dir).join(file)
                };
                assert!(file.exists(), "{path} links to missing {target}");
            }
        }
    }
}

#[test]
fn all_councils_build_into_sub_folders_in_one_go() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let opts = options(&real_guide(), &out);
    let all = firstdays::build_all_councils(&opts).unwrap();
    let slugs: Vec<&str> = all.councils.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(slugs, ["northshire", "riverton"]);
    let base = fs::read_to_string(out.join("introduction.html")).unwrap();
    assert!(base.contains("portfolio holder"));
    let north = fs::read_to_string(out.join("northshire/introduction.html")).unwrap();
    assert!(north.contains("lead member") && !north.contains("portfolio holder"));
    assert!(out.join("riverton/riverton-priorities.html").exists());
    assert!(out.join("riverton/static/council/logo.png").exists());
    assert!(out.join("northshire/search/shards/manifest.js").exists());
    assert!(out.join("search/shards/manifest.js").exists());
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary folders left behind"
    );
}

#[test]
fn all_councils_publish_the_2019_edition_and_its_index_as_each_site_built_alone_does() {
    // `--all-councils` links and indexes the old editions once for every
    // site; each site's copy must be what building that site alone gives.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    firstdays::build_all_councils(&options(&real_guide(), &out)).unwrap();
    for (root, alone) in [
        (out.clone(), base()),
        (out.join("northshire"), northshire()),
        (out.join("riverton"), riverton()),
    ] {
        let edition = root.join("editions/2019");
        assert_eq!(
            shards_text(&edition),
            shards_text(&alone.out.join("editions/2019")),
            "{}",
            edition.display()
        );
        let hits = firstdays::search::Searcher::open(&edition)
            .unwrap()
            .search("Regional Improvement Alliance", 10);
        assert!(!hits.is_empty(), "{}", edition.display());
        assert_eq!(
            fs::read_to_string(edition.join("people.html")).unwrap(),
            fs::read_to_string(alone.out.join("editions/2019/people.html")).unwrap(),
            "{}: its pages' banners point at its own site",
            edition.display()
        );
    }
}

#[test]
fn all_councils_prints_a_line_per_site_and_one_total() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_firstdays"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["build", "--all-councils", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert!(lines[1].starts_with("built northshire: "), "{stdout}");
    assert!(lines[2].starts_with("built riverton: "), "{stdout}");
    assert!(
        lines[3].starts_with("built the guide and 2 councils in ")
            && lines[3].ends_with(&format!("into {}/", out.display())),
        "{stdout}"
    );
}

#[test]
fn the_report_lists_every_kind_of_change() {
    let guide = Guide::load(&real_guide()).unwrap();
    let council = Council::load(&council_dir("northshire")).unwrap();
    let report = overlay::report(&guide, &council).unwrap();
    assert_eq!(report.removed, ["glossary term `solace`"]);
    let text = report.to_string();
    for expected in [
        "section `local-contacts`",
        "glossary term `northshire-childrens-partnership`",
        "section `training`",
        "getting-organised#meet-your-support-staff (append)",
        "getting-organised#get-important-meetings-in-your-diary (insert_after)",
        "\"Troubled Families\" → \"Northshire Families Together\"",
        "\"portfolio holder\" → \"lead member\" (plural \"lead members\")",
        "stale: none",
    ] {
        assert!(text.contains(expected), "{expected} not in:\n{text}");
    }
    let council = Council::load(&council_dir("riverton")).unwrap();
    let text = overlay::report(&guide, &council).unwrap().to_string();
    for expected in [
        "getting-organised#be-clear-on-your-responsibilities (prepend)",
        "getting-organised#book-onto-training (replace)",
        "section `alternative-delivery-models`, glossary term `nrpf`",
        "templates/404.html (replaces the built-in one)",
    ] {
        assert!(text.contains(expected), "{expected} not in:\n{text}");
    }
}

#[test]
fn the_search_index_holds_the_councils_words() {
    for (site, word) in [
        (northshire(), "lead members"),
        (riverton(), "cabinet members"),
    ] {
        let js = shards_text(&site.out).to_lowercase();
        assert!(!js.contains("portfolio holder"));
        assert!(js.contains(word), "{word}");
        let searcher = firstdays::search::Searcher::open(&site.out).unwrap();
        let hits = searcher.search("portfolio holder", 20);
        for hit in &hits {
            let shown = format!("{} {} {}", hit.title, hit.page_title, hit.snippet).to_lowercase();
            assert!(!shown.contains("portfolio holder"), "{shown}");
        }
        assert!(!searcher.search(word, 5).is_empty(), "{word}");
    }
    let js = shards_text(&base().out).to_lowercase();
    assert!(js.contains("portfolio holder"));
}

#[test]
fn a_heading_in_the_councils_words_keeps_its_id_so_links_still_work() {
    let guide = crate::support::site::copy_of(&real_guide());
    let root = guide.path();
    let organised = root.join("getting-organised.md");
    let text = fs::read_to_string(&organised).unwrap();
    fs::write(
        &organised,
        format!("{text}\n## Tips for new portfolio holders\n\nAsk other portfolio holders.\n"),
    )
    .unwrap();
    let training = root.join("training.md");
    let text = fs::read_to_string(&training).unwrap();
    fs::write(
        &training,
        format!("{text}\nSee [the tips](getting-organised.md#tips-for-new-portfolio-holders).\n"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut opts = options(root, &out.path().join("public"));
    opts.council = Some(root.join("councils/riverton"));
    firstdays::build(&opts).unwrap_or_else(|e| panic!("{e}"));
    let page = fs::read_to_string(out.path().join("public/getting-organised.html")).unwrap();
    assert!(
        page.contains(r#"<h2 id="tips-for-new-portfolio-holders">Tips for new cabinet members"#),
        "{page}"
    );
    assert!(page.contains("Ask other cabinet members."));
    let training = fs::read_to_string(out.path().join("public/training.html")).unwrap();
    assert!(training.contains(r##"href="getting-organised.html#tips-for-new-portfolio-holders""##));
}
