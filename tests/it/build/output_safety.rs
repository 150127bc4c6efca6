//! `--out` never costs anyone their work, and a crash never costs the site:
//! refusals leave every file where it was, the marker is written, and a
//! build killed at any moment leaves a whole site (old or new) that the
//! next build picks up, with no leftovers.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use firstdays::output::{CRASH_VAR, MARKER, NEW_PREFIX, OLD_PREFIX, SWAP_VAR};

use crate::support::site::{copy_dir, copy_of, fixture, options, project_root};

/// Every file and folder under `root`, with each file's bytes.
fn snapshot(root: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let bytes = e.file_type().is_file().then(|| fs::read(e.path()).unwrap());
            (rel, bytes)
        })
        .collect()
}

fn firstdays(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_firstdays"))
        .current_dir(cwd)
        .args(args)
        .output()
        .unwrap()
}

/// Runs `build` in `cwd` with `args`, expects a refusal that leaves
/// `guarded` exactly as it was, and returns the error text.
fn refused(cwd: &Path, args: &[&str], guarded: &Path) -> String {
    let before = snapshot(guarded);
    assert!(before.len() > 1, "the guarded folder has something to lose");
    let run = firstdays(cwd, &[&["build"], args].concat());
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(snapshot(guarded), before, "{} untouched", guarded.display());
    stderr
}

/// A project folder as an editor has it: `guide/` (the mini fixture),
/// `themes/default/`, a README, and `public/` not yet built.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("mini-guide"), &dir.path().join("guide"));
    copy_dir(
        &project_root().join("themes/default"),
        &dir.path().join("themes/default"),
    );
    fs::write(dir.path().join("README.md"), "my notes").unwrap();
    dir
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn out_naming_the_guide_folder_is_refused() {
    let project = project();
    let err = refused(project.path(), &["--out", "guide"], project.path());
    assert!(
        err.contains(
            "error: --out: `guide` holds the guide's sources; building into it would delete them"
        ),
        "{err}"
    );
    assert!(
        err.contains("hint: choose a new or empty folder for `--out`"),
        "{err}"
    );
    // Spelt another way, it is the same folder.
    let err = refused(
        project.path(),
        &["--out", "./guide/../guide/"],
        project.path(),
    );
    assert!(err.contains("holds the guide's sources"), "{err}");
}

#[test]
fn out_holding_the_guide_folder_is_refused() {
    let project = project();
    let outer = project.path().parent().unwrap();
    let guide = project.path().join("guide");
    // From elsewhere, `--out` the project folder, which holds `guide/`.
    let err = refused(
        outer,
        &[
            "--guide",
            path_str(&guide),
            "--out",
            path_str(project.path()),
        ],
        project.path(),
    );
    assert!(
        err.contains("which holds the guide's sources; building into it would delete them"),
        "{err}"
    );
}

#[test]
fn out_inside_the_guide_folder_is_refused() {
    let project = project();
    let err = refused(project.path(), &["--out", "guide/public"], project.path());
    assert!(
        err.contains("`guide/public` is inside `guide`, which holds the guide's sources"),
        "{err}"
    );
    assert!(err.contains("choose a folder outside `guide`"), "{err}");
    assert!(!project.path().join("guide/public").exists());
}

#[test]
fn out_naming_the_current_folder_or_its_parent_is_refused() {
    let project = project();
    let guide = project.path().join("guide");
    let work = tempfile::tempdir().unwrap();
    let cwd = work.path().join("here");
    fs::create_dir(&cwd).unwrap();
    fs::write(cwd.join("thesis.docx"), "years of work").unwrap();
    let err = refused(
        &cwd,
        &["--guide", path_str(&guide), "--out", "."],
        work.path(),
    );
    assert!(
        err.contains("`.` is the current folder; building into it would delete everything in it"),
        "{err}"
    );
    let err = refused(
        &cwd,
        &["--guide", path_str(&guide), "--out", ".."],
        work.path(),
    );
    assert!(err.contains("`..` contains the current folder"), "{err}");
}

#[test]
fn out_naming_the_theme_or_the_council_folder_is_refused() {
    let project = project();
    let err = refused(
        project.path(),
        &["--theme", "themes/default", "--out", "themes/default"],
        project.path(),
    );
    assert!(err.contains("`themes/default` holds a theme"), "{err}");
    let err = refused(
        project.path(),
        &["--theme", "themes/default", "--out", "themes"],
        project.path(),
    );
    assert!(
        err.contains("`themes` contains `themes/default`, which holds a theme"),
        "{err}"
    );
    // A council kept outside the guide, given by path.
    let council = project.path().join("northshire");
    copy_dir(&project_root().join("guide/councils/northshire"), &council);
    let err = refused(
        project.path(),
        &["--council", path_str(&council), "--out", path_str(&council)],
        project.path(),
    );
    assert!(err.contains("holds the council's folder"), "{err}");
}

#[test]
fn a_folder_firstdays_did_not_write_is_refused() {
    let project = project();
    let home = project.path().join("home");
    fs::create_dir_all(home.join("Documents")).unwrap();
    fs::write(home.join("Documents/letter.odt"), "dear").unwrap();
    fs::write(home.join("index.html"), "my own page").unwrap();
    let err = refused(project.path(), &["--out", "home"], project.path());
    assert!(
        err.contains("`home` is not empty and was not written by firstdays; building into it would delete everything in it"),
        "{err}"
    );
    assert!(
        err.contains("choose an empty or new folder for `--out`, or delete `home` yourself"),
        "{err}"
    );
}

#[test]
fn a_site_the_previous_release_wrote_is_replaced_but_not_once_someone_adds_a_file() {
    let project = project();
    let guide = project.path().join("guide");
    let out = project.path().join("public");
    firstdays::build(&options(&guide, &out)).unwrap();
    // What the previous release left: the same site without the marker,
    // and with the whole static index it wrote (builds no longer do).
    fs::remove_file(out.join(MARKER)).unwrap();
    fs::write(out.join("search/index.js"), "window.FIRSTDAYS_SEARCH={};\n").unwrap();
    let legacy = snapshot(&out);
    fs::write(out.join(".htaccess"), "Options -Indexes").unwrap();
    let err = refused(project.path(), &["--out", "public"], project.path());
    assert!(err.contains("was not written by firstdays"), "{err}");
    fs::remove_file(out.join(".htaccess")).unwrap();
    assert_eq!(snapshot(&out), legacy);
    firstdays::build(&options(&guide, &out)).unwrap();
    assert!(out.join(MARKER).is_file());
}

#[test]
fn every_site_written_carries_the_marker_and_nothing_else_mentions_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    // An empty folder is fine to build into.
    fs::create_dir(&out).unwrap();
    firstdays::build_all_councils(&options(&project_root().join("guide"), &out)).unwrap();
    for site in ["", "northshire", "riverton"] {
        let marker = fs::read_to_string(out.join(site).join(MARKER)).unwrap();
        assert!(
            marker.starts_with("Written by firstdays. The next build replaces this whole folder"),
            "{site}: {marker}"
        );
        let sitemap = fs::read_to_string(out.join(site).join("sitemap.xml")).unwrap();
        assert!(!sitemap.contains(MARKER), "{site}");
    }
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    // And the next build may replace it.
    firstdays::build(&options(&fixture("mini-guide"), &out)).unwrap();
    assert!(!out.join("northshire").exists());
}

/// Leftovers beside `out` after a build: names with our prefixes.
fn leftovers(parent: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(NEW_PREFIX) || n.starts_with(OLD_PREFIX))
        .collect();
    names.sort();
    names
}

fn build_command(guide: &Path, out: &Path, base_url: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_firstdays"));
    cmd.arg("build")
        .arg("--guide")
        .arg(guide)
        .arg("--out")
        .arg(out)
        .args(["--base-url", base_url, "--theme"])
        .arg(project_root().join("themes/default"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

fn crash_at(point: &str, out: &Path, base_url: &str) {
    let run = build_command(&fixture("mini-guide"), out, base_url)
        .env(CRASH_VAR, point)
        .output()
        .unwrap();
    assert!(!run.status.success(), "the build was aborted at {point}");
    assert!(
        String::from_utf8_lossy(&run.stderr).contains(&format!("{CRASH_VAR}={point}")),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

fn sitemap_base(out: &Path) -> String {
    let robots = fs::read_to_string(out.join("robots.txt")).unwrap();
    robots.lines().last().unwrap().replace("Sitemap: ", "")
}

#[test]
fn a_crash_between_the_two_renames_is_repaired_by_the_next_build() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let guide = fixture("mini-guide");
    assert!(
        build_command(&guide, &out, "https://old.example/")
            .status()
            .unwrap()
            .success()
    );
    crash_at("between-renames", &out, "https://new.example/");
    // The moment the old release lost the site: no `public/` at all.
    assert!(!out.exists());
    assert_eq!(
        leftovers(dir.path()).len(),
        2,
        "{:?}",
        leftovers(dir.path())
    );
    // The next build puts the new site back before doing anything else, so
    // even a build that then fails leaves a site.
    let broken = copy_of(&guide);
    fs::write(broken.path().join("first.md"), "no front matter").unwrap();
    assert!(
        !build_command(broken.path(), &out, "https://x.example/")
            .status()
            .unwrap()
            .success()
    );
    assert_eq!(sitemap_base(&out), "https://new.example/sitemap.xml");
    assert!(leftovers(dir.path()).is_empty());
    assert!(
        build_command(&guide, &out, "https://next.example/")
            .status()
            .unwrap()
            .success()
    );
    assert_eq!(sitemap_base(&out), "https://next.example/sitemap.xml");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_crash_before_or_after_the_swap_leaves_a_whole_site_and_the_next_build_cleans_up() {
    for (point, survivor) in [
        ("sealed", "https://old.example/"),
        ("swapped", "https://new.example/"),
    ] {
        for swap in ["exchange", "two-renames"] {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("public");
            let guide = fixture("mini-guide");
            assert!(
                build_command(&guide, &out, "https://old.example/")
                    .status()
                    .unwrap()
                    .success()
            );
            let run = build_command(&guide, &out, "https://new.example/")
                .env(CRASH_VAR, point)
                .env(SWAP_VAR, swap)
                .output()
                .unwrap();
            assert!(!run.status.success());
            assert_eq!(
                sitemap_base(&out),
                format!("{survivor}sitemap.xml"),
                "{point} {swap}"
            );
            assert_eq!(leftovers(dir.path()).len(), 1, "{point} {swap}");
            assert!(
                build_command(&guide, &out, "https://next.example/")
                    .status()
                    .unwrap()
                    .success()
            );
            assert_eq!(
                fs::read_dir(dir.path()).unwrap().count(),
                1,
                "{point} {swap}"
            );
        }
    }
}

/// A small deterministic random number generator (xorshift64*), so every
/// run of the kill loop kills at the same spread of moments.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A duration in `[0, max)`.
    fn below(&mut self, max: Duration) -> Duration {
        let nanos = max.as_nanos().max(1) as u64;
        Duration::from_nanos(self.next() % nanos)
    }
}

/// A built site as the kill loop compares it: every file's bytes, except
/// the tantivy index, whose segment names are random, so it is compared by
/// its `meta.json` being there.
fn site_files(out: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut files = snapshot(out);
    // Tantivy names its segments at random: compare that each index (the
    // site's, and each old edition's in `editions/<name>/`) exists, not its bytes.
    let index = |path: &str| path.starts_with("search/index/") || path.contains("/search/index/");
    files.retain(|path, _| !index(path) || path.ends_with("search/index/meta.json"));
    for (path, bytes) in files.iter_mut() {
        if index(path) {
            *bytes = None;
        }
    }
    files
}

/// Waits until the build has started writing (a staging folder appears) or has ended.
fn wait_for_write_step(child: &mut std::process::Child, parent: &Path) {
    while child.try_wait().unwrap().is_none() {
        if leftovers(parent).iter().any(|n| n.starts_with(NEW_PREFIX)) {
            return;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
}

#[cfg(unix)]
#[test]
fn kill_9_at_a_hundred_random_moments_always_leaves_a_whole_site_and_no_leftovers() {
    let guide = project_root().join("guide");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let urls = ["https://a.example/", "https://b.example/"];
    // The two sites a killed build may leave: the one before it, or its own.
    let mut expected = Vec::new();
    let mut full_run = Duration::ZERO;
    for url in urls {
        let started = Instant::now();
        let run = build_command(&guide, &out, url).output().unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        full_run = full_run.max(started.elapsed());
        expected.push(site_files(&out));
    }
    assert_ne!(expected[0], expected[1]);
    let mut rng = Rng(0x5eed_f157_da75);
    let mut previous = 1;
    let (mut in_write_step, mut finished, mut killed_between_renames) = (0, 0, 0);
    for attempt in 0..100 {
        let next = attempt % 2;
        let mut cmd = build_command(&guide, &out, urls[next]);
        if attempt % 4 >= 2 {
            cmd.env(SWAP_VAR, "two-renames");
        }
        let mut child = cmd.spawn().unwrap();
        // Half the kills land anywhere in the run; the other half once the
        // write step has begun, where the danger is.
        if attempt % 8 < 4 {
            std::thread::sleep(rng.below(full_run + full_run / 5));
        } else {
            wait_for_write_step(&mut child, dir.path());
            std::thread::sleep(rng.below(full_run / 3));
            in_write_step += 1;
        }
        let _ = child.kill();
        let status = child.wait().unwrap();
        // With two renames, a kill in the moment between them leaves no
        // `public/`, and the next run puts the new site back before anything
        // else: here a run that then fails, on a guide that is not there.
        let between_renames = !out.exists();
        if between_renames {
            assert!(
                attempt % 4 >= 2,
                "attempt {attempt}: no `public/` after a kill, with the atomic exchange"
            );
            let run = build_command(&dir.path().join("no-guide"), &out, urls[next])
                .output()
                .unwrap();
            assert!(!run.status.success());
            killed_between_renames += 1;
        }
        let site = site_files(&out);
        let which = expected.iter().position(|e| *e == site);
        assert!(
            which == Some(next) || (which == Some(previous) && !between_renames),
            "attempt {attempt}: `public/` is neither the old nor the new site ({} files)",
            site.len()
        );
        if status.success() {
            finished += 1;
        }
        previous = which.unwrap();
        // Anything left beside `public/` is ours, and the next build that
        // runs to the end clears it.
        for name in leftovers(dir.path()) {
            let left = dir.path().join(&name);
            // A marker, or nothing but one being written (a kill as the
            // staging folder was made).
            let is_ours = left.join(MARKER).is_file()
                || fs::read_dir(&left)
                    .unwrap()
                    .all(|e| e.unwrap().file_name().to_string_lossy().starts_with(MARKER));
            assert!(is_ours, "attempt {attempt}: {name} has no marker");
        }
        if attempt % 10 == 9 {
            let run = build_command(&guide, &out, urls[previous])
                .output()
                .unwrap();
            assert!(
                run.status.success(),
                "{}",
                String::from_utf8_lossy(&run.stderr)
            );
            assert_eq!(
                leftovers(dir.path()),
                Vec::<String>::new(),
                "attempt {attempt}"
            );
            assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        }
    }
    eprintln!(
        "kill -9 loop: 100 kills ({in_write_step} after the write step began, {finished} after the build had finished, {killed_between_renames} between the two renames, put back by the next run); a whole site every time"
    );
}
