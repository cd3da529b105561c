//! Prints the plain text of every page of the PDFs given (dev tool), with timings.
//! usage: cargo run --release --example extract_text -- FILE.pdf... [--quiet] [--json] [--meta]
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quiet = args.iter().any(|a| a == "--quiet");
    let json = args.iter().any(|a| a == "--json");
    for path in args.iter().filter(|a| !a.starts_with("--")) {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        if args.iter().any(|a| a == "--meta") {
            println!("{path}: {:?}", keikaku_extract::metadata(&bytes));
            continue;
        }
        let t = Instant::now();
        let res = keikaku_extract::pages(&bytes, &keikaku_extract::Limits::default());
        let dt = t.elapsed();
        match res {
            Ok(w) => {
                let glyphs: usize = w.value.iter().map(|p| p.glyphs.len()).sum();
                eprintln!(
                    "{path}: {} pages, {glyphs} glyphs, {} warnings, {:.1} ms",
                    w.value.len(),
                    w.warnings.len(),
                    dt.as_secs_f64() * 1000.0
                );
                for wn in w.warnings.iter().take(10) {
                    eprintln!("  warning {:?} {}: {}", wn.page, wn.code, wn.message);
                }
                if json {
                    println!("{}", serde_json::to_string(&w.value).unwrap_or_default());
                } else if !quiet {
                    for p in &w.value {
                        print!("{}\x0c", keikaku_extract::plain_text(p));
                    }
                }
            }
            Err(e) => eprintln!("{path}: error: {e} ({:.1} ms)", dt.as_secs_f64() * 1000.0),
        }
    }
}
