//! Robustness probe (dev tool): runs `pages` on deterministic random corruptions and
//! truncations of the given PDFs and reports panics and slow cases.
//! usage: cargo run --release --example mutate -- N FILE.pdf...
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(50);
    std::panic::set_hook(Box::new(|_| {}));
    let mut seed = 0x2545F4914F6CDD1Du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let (mut ok, mut err, mut panics) = (0, 0, 0);
    for path in &args[1..] {
        let orig = std::fs::read(path).expect("read");
        for i in 0..n {
            let mut b = orig.clone();
            match i % 3 {
                0 => b.truncate((next() as usize) % b.len().max(1)),
                1 => {
                    for _ in 0..1 + next() % 20 {
                        let p = (next() as usize) % b.len().max(1);
                        b[p] = next() as u8;
                    }
                }
                _ => {
                    let p = (next() as usize) % b.len().max(1);
                    let l = (next() as usize) % 64;
                    let end = (p + l).min(b.len());
                    b.drain(p..end);
                }
            }
            let t = Instant::now();
            match keikaku_extract::pages(&b, &keikaku_extract::Limits::default()) {
                Ok(_) => ok += 1,
                Err(keikaku_extract::ExtractError::Panicked { message }) => {
                    panics += 1;
                    println!("PANIC {path} #{i}: {message}");
                }
                Err(_) => err += 1,
            }
            if t.elapsed().as_secs_f64() > 2.0 {
                println!("SLOW {path} #{i}: {:?}", t.elapsed());
                let _ = std::fs::write(format!("/tmp/keikaku-slow-{i}.pdf"), &b);
            }
        }
    }
    println!("ok {ok} err {err} panics {panics}");
}
