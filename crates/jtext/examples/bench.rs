//! Segmentation benchmark (run in release):
//! `cargo run --release -p keikaku-jtext --example bench`
//!
//! Measures the dictionary load time (`Segmenter::new`, IPADIC + user dictionary)
//! and the throughput of `tokens`, `wakachi` and `remove_spurious_spaces` in MB/s
//! of UTF-8 input, on the seed texts in `../shared/seeds` when present, else on a
//! built Japanese text.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use keikaku_jtext::{remove_spurious_spaces, Segmenter};

/// Minimum time spent on each throughput measurement.
const MIN_TIME: Duration = Duration::from_secs(2);

fn main() {
    let (source, text) = corpus();
    println!("corpus: {source}, {:.2} MB", mb(text.len()));

    let mut loads = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let seg = Segmenter::new();
        loads.push(start.elapsed());
        if let Err(err) = seg {
            eprintln!("error: {err}");
            std::process::exit(1);
        }
    }
    loads.sort();
    println!(
        "dictionary load (Segmenter::new, median of 5): {:.1} ms",
        ms(loads[2])
    );
    let seg = match Segmenter::new() {
        Ok(seg) => seg,
        Err(err) => {
            eprintln!("error: {err}");
            std::process::exit(1);
        }
    };
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    throughput("tokens (per line)", &text, || {
        lines.iter().map(|l| seg.tokens(l).len()).sum()
    });
    throughput("tokens (whole text)", &text, || seg.tokens(&text).len());
    throughput("wakachi (per line)", &text, || {
        lines.iter().map(|l| seg.wakachi(l).len()).sum()
    });
    throughput("remove_spurious_spaces", &text, || {
        remove_spurious_spaces(&text).len()
    });
}

/// Runs `f` over the corpus until `MIN_TIME` has passed and prints MB/s.
fn throughput(name: &str, text: &str, mut f: impl FnMut() -> usize) {
    let start = Instant::now();
    let mut rounds = 0u32;
    let mut sink = 0usize;
    while start.elapsed() < MIN_TIME || rounds < 3 {
        sink = sink.wrapping_add(f());
        rounds += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    let rate = mb(text.len()) * f64::from(rounds) / secs;
    println!(
        "{name}: {rate:.2} MB/s ({rounds} rounds, {:.1} ms/round, checksum {sink})",
        secs * 1000.0 / f64::from(rounds)
    );
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1_000_000.0
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The seed texts from `../shared/seeds`, or a built text when they are absent.
fn corpus() -> (String, String) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    let text: String = paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    if text.is_empty() {
        let sentence = "杉並区は、区民サービスの向上と業務の効率化を図るため、令和５年度から書かない窓口の導入を進めました。\n\
                        情報政策課と人材育成担当は、マイナンバーカードやマイナポータルを活用した行政手続のオンライン化を推進します。\n";
        ("built text".to_string(), sentence.repeat(2000))
    } else {
        (
            format!("{} seed files in {}", paths.len(), dir.display()),
            text,
        )
    }
}
