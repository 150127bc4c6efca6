//! CPU per query of `Searcher::search`, in one thread, and every hit, for
//! comparing two builds (issue #10): `cargo build --release --example
//! search_cpu`, then `target/release/examples/search_cpu SITE ...`.
//!
//! usage: search_cpu SITE QUERIES.json REPS [HITS.tsv]
//!   QUERIES.json from `python3 bench/report.py queries --json`; each query
//!   is run REPS times after one warm-up round and its thread CPU time
//!   (CLOCK_THREAD_CPUTIME_ID) averaged. EACH=1 lists the slowest queries,
//!   ONLY=text keeps queries containing text, LIMIT=n (default 10). HITS.tsv
//!   gets every hit at limits 1, 5, 10 and 50 (score bits and snippet
//!   included): `cmp` two builds' files to check a ranking is unchanged.
use std::io::Write;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[repr(C)]
struct Timespec {
    sec: i64,
    nsec: i64,
}
unsafe extern "C" {
    fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
}
/// This thread's CPU time (CLOCK_THREAD_CPUTIME_ID), exact to the ns.
fn cpu_ns() -> u64 {
    let mut t = Timespec { sec: 0, nsec: 0 };
    unsafe { clock_gettime(3, &mut t) };
    t.sec as u64 * 1_000_000_000 + t.nsec as u64
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let searcher = firstdays::search::Searcher::open(std::path::Path::new(&args[1])).unwrap();
    let queries: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&args[2]).unwrap()).unwrap();
    let queries: Vec<String> = queries
        .iter()
        .map(|q| q["query"].as_str().unwrap().to_string())
        .collect();
    let reps: usize = args[3].parse().unwrap();
    let limit: usize = std::env::var("LIMIT")
        .ok()
        .and_then(|l| l.parse().ok())
        .unwrap_or(10);
    let filter = std::env::var("ONLY").ok();
    // warm up
    for q in &queries {
        searcher.search(q, limit);
    }
    let mut per: Vec<(f64, &str)> = Vec::new();
    let total0 = cpu_ns();
    for q in &queries {
        if filter.as_ref().is_some_and(|f| !q.contains(f.as_str())) {
            continue;
        }
        let t0 = cpu_ns();
        for _ in 0..reps {
            std::hint::black_box(searcher.search(q, limit));
        }
        per.push(((cpu_ns() - t0) as f64 / reps as f64 / 1e6, q));
    }
    let total = (cpu_ns() - total0) as f64 / 1e6 / (reps * per.len()) as f64;
    let mut sorted: Vec<f64> = per.iter().map(|p| p.0).collect();
    sorted.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let pct = |p: f64| sorted[((sorted.len() - 1) as f64 * p) as usize];
    println!(
        "mean {:.3} ms  p50 {:.3}  p90 {:.3}  max {:.3}",
        total,
        pct(0.5),
        pct(0.9),
        pct(1.0)
    );
    if std::env::var("EACH").is_ok() {
        per.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap());
        for (t, q) in per.iter().take(25) {
            println!("{t:8.3} {q}");
        }
    }
    if let Some(out) = args.get(4) {
        let mut f = std::io::BufWriter::new(std::fs::File::create(out).unwrap());
        for l in [1usize, 5, 10, 50] {
            for q in &queries {
                for h in searcher.search(q, l) {
                    writeln!(
                        f,
                        "{l}\t{q}\t{}\t{}\t{:08x}\t{}\t{}",
                        h.url,
                        h.every_word,
                        h.score.to_bits(),
                        h.score,
                        h.snippet
                    )
                    .unwrap();
                }
            }
        }
    }
}
