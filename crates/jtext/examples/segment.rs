//! Prints the tokens of each argument (or of a sample): `surface<TAB>pos<TAB>base`.
//! `cargo run -p keikaku-jtext --example segment -- 令和５年度の取組`

use std::time::Instant;

fn main() {
    let start = Instant::now();
    let seg = match keikaku_jtext::shared() {
        Ok(seg) => seg,
        Err(err) => {
            eprintln!("error: {err}");
            std::process::exit(1);
        }
    };
    eprintln!("dictionary load: {:.3} s", start.elapsed().as_secs_f64());
    let args: Vec<String> = std::env::args().skip(1).collect();
    let texts = if args.is_empty() {
        vec!["杉並区のすぎナビと書かない窓口を推進します。".to_string()]
    } else {
        args
    };
    for text in &texts {
        for t in seg.tokens(text) {
            println!(
                "{}\t{},{}\t{}\t{:?}",
                t.surface, t.pos, t.detail, t.base, t.range
            );
        }
        println!("wakachi: {}", seg.wakachi(text));
    }
}
