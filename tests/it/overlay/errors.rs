//! Bad council folders: each a clear error naming file and line, and
//! nothing written (the previous site survives).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::site::{copy_of, error_over_previous_site, options, previous_site, real_guide};

pub(super) const CONFIG: &str = "name: Testshire Council\nslug: testshire\nbase_url: https://www.testshire.example.org/guide/\n";

/// A copy of the real guide with a council `testshire` made of `files`.
pub(super) struct Case {
    pub(super) guide: tempfile::TempDir,
}

impl Case {
    pub(super) fn new(files: &[(&str, &str)]) -> Case {
        let guide = copy_of(&real_guide());
        let case = Case { guide };
        let has_config = files.iter().any(|(p, _)| *p == "council.yaml");
        if !has_config {
            case.write("council.yaml", CONFIG);
        }
        for (path, text) in files {
            case.write(path, text);
        }
        case
    }

    pub(super) fn council(&self) -> PathBuf {
        self.guide.path().join("councils/testshire")
    }

    pub(super) fn write(&self, path: &str, text: &str) {
        let full = self.council().join(path);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(full, text).unwrap();
    }

    /// Builds over an existing site, expects failure, checks the old site survived.
    pub(super) fn error(&self) -> String {
        error_over_previous_site(self.guide.path(), |opts| {
            opts.council = Some(self.council())
        })
    }

    pub(super) fn build(&self) -> (tempfile::TempDir, PathBuf) {
        let out_dir = tempfile::tempdir().unwrap();
        let out = out_dir.path().join("public");
        let mut opts = options(self.guide.path(), &out);
        opts.council = Some(self.council());
        firstdays::build(&opts).unwrap_or_else(|e| panic!("{e}"));
        (out_dir, out)
    }
}

fn patch(target: &str, action: &str) -> String {
    format!("---\ntarget: {target}\naction: {action}\n---\nText.\n")
}

pub(super) fn assert_has(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "{part:?} not in:\n{text}");
    }
}

#[test]
fn a_patch_naming_a_heading_that_does_not_exist_lists_those_that_do() {
    let case = Case::new(&[(
        "patches/staff.md",
        &patch("getting-organised#meet-your-suport-staff", "append"),
    )]);
    let err = case.error();
    assert_has(
        &err,
        &[
            "councils/testshire/patches/staff.md:2: ",
            "has no heading `#meet-your-suport-staff`",
            "did you mean `meet-your-support-staff`?",
            "`be-clear-on-your-responsibilities`, `speak-to-your-employer`",
            "`book-onto-training`",
        ],
    );
    let case = Case::new(&[("patches/x.md", &patch("trainin#anything", "append"))]);
    assert_has(
        &case.error(),
        &["no section `trainin`", "did you mean `training`?"],
    );
    let case = Case::new(&[("patches/x.md", &patch("training#anything", "append"))]);
    assert_has(&case.error(), &["`training` has no headings"]);
}

#[test]
fn two_patches_on_one_target() {
    let case = Case::new(&[
        (
            "patches/a.md",
            &patch("getting-organised#speak-to-your-employer", "append"),
        ),
        (
            "patches/b.md",
            &patch("getting-organised#speak-to-your-employer", "prepend"),
        ),
    ]);
    let err = case.error();
    assert_has(
        &err,
        &[
            "patches/b.md:2: two patches on `getting-organised#speak-to-your-employer`",
            "patches/a.md` already patches it",
        ],
    );
}

#[test]
fn patching_a_section_the_council_removes_or_replaces() {
    let case = Case::new(&[
        (
            "council.yaml",
            &format!("{CONFIG}remove:\n  sections: [training]\n"),
        ),
        (
            "patches/a.md",
            &patch("getting-organised#speak-to-your-employer", "append"),
        ),
        (
            "sections/getting-organised.md",
            "---\ntitle: Mine\n---\nText.\n",
        ),
    ]);
    assert_has(
        &case.error(),
        &[
            "patches/a.md:2: ",
            "replaces section `getting-organised` as a whole",
        ],
    );
}

#[test]
fn removing_a_section_that_the_base_and_the_checklist_link_to() {
    let case = Case::new(&[(
        "council.yaml",
        &format!("{CONFIG}remove:\n  sections: [getting-organised]\n"),
    )]);
    let err = case.error();
    assert_has(
        &err,
        &[
            "councils/testshire/council.yaml:5: cannot remove section `getting-organised`",
            "legislation.md` line 7 links to it",
            "checklist.yaml` line",
            "checklist item \"Speak to your employer.\"",
        ],
    );
}

#[test]
fn removing_a_term_that_another_term_or_the_overlay_links_to() {
    let case = Case::new(&[(
        "council.yaml",
        &format!("{CONFIG}remove:\n  glossary: [jsna]\n"),
    )]);
    assert_has(
        &case.error(),
        &[
            "council.yaml:5: cannot remove glossary term `jsna`",
            "the `see_also` of",
            "jhws.md",
        ],
    );
    let case = Case::new(&[
        (
            "council.yaml",
            &format!("{CONFIG}remove:\n  glossary: [nrpf]\n"),
        ),
        (
            "sections/local.md",
            "---\ntitle: Local\nsummary: Local.\nafter: people\n---\nAbout [NRPF](glossary/nrpf.md).\n",
        ),
    ]);
    assert_has(
        &case.error(),
        &[
            "council.yaml:5: cannot remove glossary term `nrpf`",
            "councils/testshire/sections/local.md` line 6 links to it",
        ],
    );
}

#[test]
fn removing_or_patching_what_does_not_exist() {
    let case = Case::new(&[(
        "council.yaml",
        &format!("{CONFIG}remove:\n  sections: [trainig]\n  glossary: [ehpc]\n"),
    )]);
    let err = case.error();
    assert_has(
        &err,
        &[
            "council.yaml:5: `remove` names section `trainig`",
            "did you mean `training`?",
            "council.yaml:6: `remove` names glossary term `ehpc`",
        ],
    );
}

#[test]
fn a_logo_outside_the_folder() {
    let case = Case::new(&[("council.yaml", &format!("{CONFIG}logo: ../../site.yaml\n"))]);
    assert_has(
        &case.error(),
        &["council.yaml:4: `../../site.yaml` climbs out of the council folder with `..`"],
    );
    let case = Case::new(&[("council.yaml", &format!("{CONFIG}logo: /etc/hostname\n"))]);
    assert_has(
        &case.error(),
        &["council.yaml:4: `/etc/hostname` is an absolute path"],
    );
    let case = Case::new(&[
        ("council.yaml", &format!("{CONFIG}logo: logo.txt\n")),
        ("logo.txt", "x"),
    ]);
    assert_has(
        &case.error(),
        &["council.yaml:4: logo `logo.txt` is not an image type"],
    );
    let case = Case::new(&[
        ("council.yaml", &format!("{CONFIG}logo: logo.svg\n")),
        (
            "logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"></svg>",
        ),
    ]);
    assert_has(
        &case.error(),
        &[
            "testshire/logo.svg:1:1: logo refused: event handler attribute `onload`",
            "`logo` in `",
        ],
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_folder() {
    let case = Case::new(&[("council.yaml", &format!("{CONFIG}logo: logo.png\n"))]);
    let outside = case.guide.path().join("outside.png");
    fs::write(&outside, b"png").unwrap();
    std::os::unix::fs::symlink(&outside, case.council().join("logo.png")).unwrap();
    let err = case.error();
    assert_has(
        &err,
        &["logo.png` is a link to `", "outside the council folder"],
    );
    assert!(err.contains("council.yaml:4: "), "{err}");

    // Anywhere in the folder, not just the logo.
    let case = Case::new(&[]);
    fs::create_dir_all(case.council().join("static")).unwrap();
    std::os::unix::fs::symlink(
        case.guide.path().join("site.yaml"),
        case.council().join("static/extra.css"),
    )
    .unwrap();
    assert_has(
        &case.error(),
        &[
            "static/extra.css` is a link to `",
            "outside the council folder",
        ],
    );
}

#[test]
fn unknown_keys_name_their_line_and_suggest() {
    let case = Case::new(&[(
        "council.yaml",
        &format!("{CONFIG}colour:\n  brand: \"#000000\"\n"),
    )]);
    assert_has(
        &case.error(),
        &[
            "council.yaml:4:1: unknown field `colour`",
            "did you mean `colours`?",
        ],
    );
    let case = Case::new(&[(
        "council.yaml",
        &format!("{CONFIG}colours:\n  brand_txt: \"#000000\"\n"),
    )]);
    assert_has(
        &case.error(),
        &["council.yaml:5:3: ", "did you mean `brand_text`?"],
    );
    let case = Case::new(&[(
        "patches/a.md",
        "---\ntarget: getting-organised#speak-to-your-employer\nation: append\n---\nText.\n",
    )]);
    assert_has(
        &case.error(),
        &[
            "patches/a.md:3:1: unknown field `ation`",
            "did you mean `action`?",
        ],
    );
    let case = Case::new(&[(
        "patches/a.md",
        "---\ntarget: getting-organised#speak-to-your-employer\naction: apend\n---\nText.\n",
    )]);
    assert_has(
        &case.error(),
        &["patches/a.md:3:", "unknown variant `apend`", "`append`"],
    );
}

#[test]
fn colours_that_fail_wcag_aa_name_the_pair_and_ratio() {
    let case = Case::new(&[(
        "council.yaml",
        &format!("{CONFIG}colours:\n  brand: \"#ffdd00\"\n  link: \"#8c8cff\"\n"),
    )]);
    let err = case.error();
    assert_has(
        &err,
        &[
            "council.yaml:5: colour contrast too low: `brand_text` (#ffffff) on `brand` (#ffdd00) is 1.34:1",
            "WCAG AA needs at least 4.5:1",
            "council.yaml:6: colour contrast too low: `link` (#8c8cff) on the white page (#ffffff) is 2.87:1",
        ],
    );
    let case = Case::new(&[("council.yaml", &format!("{CONFIG}colours:\n  text: blue\n"))]);
    assert_has(
        &case.error(),
        &["council.yaml:5: colour `text` is `blue`, which is not a colour"],
    );
}

#[test]
fn an_unknown_council_lists_the_known_ones() {
    let err = firstdays::overlay::find(&real_guide(), "northshir").unwrap_err();
    let text = err.to_string();
    assert_has(
        &text,
        &[
            "unknown council `northshir`",
            "did you mean `northshire`?",
            "`riverton`",
        ],
    );
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_firstdays"))
        .args(["build", "--council", "nowhere", "--guide"])
        .arg(real_guide())
        .arg("--out")
        .arg(out.path().join("public"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_has(
        &stderr,
        &[
            "error: ",
            "councils: unknown council `nowhere`",
            "`northshire`, `riverton`",
        ],
    );
    assert!(!stderr.contains("panicked"));
    assert!(!out.path().join("public").exists());
}

#[test]
fn raw_html_in_council_content_is_sanitised() {
    let case = Case::new(&[(
        "sections/local.md",
        "---\ntitle: Local\nsummary: Local things.\nafter: people\n---\n\
         Hello <span onclick=\"steal()\">there</span> and <a href=\"javascript:alert(1)\">click</a>.\n\n\
         <script>alert('x')</script>\n\n\
         <div onmouseover=\"steal()\"><img src=\"static/council/brand.css\" onerror=\"steal()\" alt=\"\"></div>\n",
    )]);
    let (_dir, out) = case.build();
    let page = fs::read_to_string(out.join("local.html")).unwrap();
    let main = &page[page.find("<main").unwrap()..page.find("</main>").unwrap()];
    for bad in [
        "onclick",
        "onmouseover",
        "onerror",
        "javascript:",
        "<script",
        "alert(",
    ] {
        assert!(!main.contains(bad), "{bad} in:\n{main}");
    }
    assert!(main.contains("<span>there</span>"), "{main}");
}

#[test]
fn a_script_link_in_council_markdown_is_an_error() {
    let case = Case::new(&[(
        "sections/local.md",
        "---\ntitle: Local\nsummary: Local.\nafter: people\n---\nFine.\n\n[Click](javascript:alert(1))\n",
    )]);
    assert_has(
        &case.error(),
        &["sections/local.md:8: link to `javascript:` is not allowed in council content"],
    );
}

#[test]
fn a_broken_link_in_council_content_names_the_council_file() {
    let case = Case::new(&[(
        "patches/a.md",
        "---\ntarget: getting-organised#speak-to-your-employer\naction: append\n---\nSee [people](people.md#nowhere) and [x](peple.md).\n",
    )]);
    let err = case.error();
    assert_has(
        &err,
        &[
            "patches/a.md:5: broken link `people.md#nowhere`",
            "patches/a.md:5: broken link `peple.md`: no such page",
            "did you mean `people.md`?",
        ],
    );
    // Anchors are checked by the link stage's own checker, against the
    // base's headings, and reported at the council's line.
    let case = Case::new(&[(
        "patches/a.md",
        "---\ntarget: getting-organised#speak-to-your-employer\naction: append\n---\nText.\n\nSee [staff](getting-organised.md#meet-your-suport-staff) and [t](training.md#x).\n",
    )]);
    assert_has(
        &case.error(),
        &[
            "patches/a.md:7: broken link `getting-organised.md#meet-your-suport-staff`: `getting-organised.html` has no heading or anchor `#meet-your-suport-staff`",
            "did you mean `#meet-your-support-staff`?",
            "patches/a.md:7: broken link `training.md#x`",
            "`training.html` has no headings",
        ],
    );
}

#[test]
fn a_broken_link_in_a_council_patchs_raw_html_names_the_patch_once() {
    // Raw HTML is left alone by link rewriting, so only the built page shows
    // the link: the error must still point at the patch that wrote it, not
    // at the base section it was spliced into, and once, not once per page
    // that shows the section (the section's page and the print page).
    let case = Case::new(&[(
        "patches/a.md",
        "---\ntarget: getting-organised#speak-to-your-employer\naction: append\n---\nText.\n\n<p>See <a href=\"nowhere.html\">the rota</a>.</p>\n",
    )]);
    let err = case.error();
    assert_has(
        &err,
        &["patches/a.md:7: page `getting-organised.html` links to `nowhere.html`"],
    );
    assert!(!err.contains("getting-organised.md"), "{err}");
    assert_eq!(err.matches("nowhere.html`").count(), 1, "{err}");
}

#[test]
fn a_broken_raw_html_link_in_a_base_section_names_its_line_in_the_file() {
    // The line is counted in the file as written, not in the section's
    // text after a council's patch has added lines above it.
    let guide = copy_of(&real_guide());
    let file = guide.path().join("getting-organised.md");
    let text = fs::read_to_string(&file).unwrap();
    let text = text.replacen(
        "## Meet your support staff",
        "<p><a href=\"gone.html\">gone</a></p>\n\n## Meet your support staff",
        1,
    );
    fs::write(&file, &text).unwrap();
    let line = text.lines().position(|l| l.contains("gone.html")).unwrap() + 1;
    let case = Case { guide };
    case.write("council.yaml", CONFIG);
    case.write(
        "patches/a.md",
        "---\ntarget: getting-organised#speak-to-your-employer\naction: prepend\n---\nOne.\n\nTwo.\n\nThree.\n",
    );
    let err = case.error();
    assert_has(
        &err,
        &[&format!(
            "getting-organised.md:{line}: page `getting-organised.html` links to `gone.html`"
        )],
    );
}

#[test]
fn a_new_section_needs_a_title_summary_and_place() {
    let case = Case::new(&[("sections/extra.md", "---\nslug: extra\n---\nText.\n")]);
    assert_has(
        &case.error(),
        &[
            "sections/extra.md:1: missing field `title`",
            "missing field `summary`",
            "a new section needs a place in the guide",
        ],
    );
    let case = Case::new(&[(
        "sections/extra.md",
        "---\ntitle: Extra\nsummary: Extra.\nafter: peopel\n---\nText.\n",
    )]);
    assert_has(
        &case.error(),
        &[
            "sections/extra.md:4: `after` names section `peopel`",
            "did you mean `people`?",
        ],
    );
}

#[test]
fn all_councils_is_all_or_nothing() {
    let case = Case::new(&[(
        "patches/a.md",
        &patch("getting-organised#nowhere", "append"),
    )]);
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("public");
    previous_site(&out);
    let opts = options(case.guide.path(), &out);
    let err = firstdays::build_all_councils(&opts)
        .unwrap_err()
        .to_string();
    assert_has(&err, &["testshire/patches/a.md:2: "]);
    assert_eq!(
        fs::read_to_string(out.join("index.html")).unwrap(),
        "previous site"
    );
    assert!(!out.join("northshire").exists());
    assert_eq!(fs::read_dir(out_dir.path()).unwrap().count(), 1);
}

#[test]
fn a_council_folder_given_by_path_works_anywhere() {
    let case = Case::new(&[]);
    let elsewhere = tempfile::tempdir().unwrap();
    let moved = elsewhere.path().join("my-council");
    fs::rename(case.council(), &moved).unwrap();
    let found = firstdays::overlay::find(case.guide.path(), moved.to_str().unwrap()).unwrap();
    assert_eq!(found, moved);
    assert!(Path::new(&found).join("council.yaml").is_file());
}

#[test]
fn a_misspelt_folder_is_an_error_not_ignored() {
    let case = Case::new(&[(
        "patch/a.md",
        &patch("getting-organised#speak-to-your-employer", "append"),
    )]);
    assert_has(
        &case.error(),
        &[
            "unknown folder `patch/` in the council folder",
            "did you mean `patches/`?",
        ],
    );
}

#[test]
fn a_new_section_cannot_take_a_page_the_site_makes() {
    let case = Case::new(&[(
        "sections/glossary.md",
        "---\ntitle: Words\nsummary: Words.\nafter: people\n---\nText.\n",
    )]);
    assert_has(
        &case.error(),
        &["sections/glossary.md:1: `glossary` cannot name a new section"],
    );
}

#[test]
fn a_broken_link_in_a_base_template_is_reported_against_that_template_not_the_council() {
    let case = Case::new(&[]);
    let theme = tempfile::tempdir().unwrap();
    let base = fs::read_to_string(real_guide().join("../themes/default/templates/base.html"))
        .unwrap()
        .replace("href=\"#main-content\"", "href=\"#main-contnet\"");
    fs::create_dir_all(theme.path().join("templates")).unwrap();
    fs::write(theme.path().join("templates/base.html"), &base).unwrap();
    let err = error_over_previous_site(case.guide.path(), |opts| {
        opts.council = Some(case.council());
        opts.theme_dirs = vec![theme.path().to_path_buf()];
    });
    let line = base[..base.find("#main-contnet").unwrap()]
        .matches('\n')
        .count()
        + 1;
    let holder = format!(
        "{}:{line}:",
        theme.path().join("templates/base.html").display()
    );
    assert!(err.contains(&holder), "names {holder}: {err}");
    assert!(err.contains("#main-contnet"), "{err}");
    assert!(!err.contains("councils/testshire"), "{err}");
}
