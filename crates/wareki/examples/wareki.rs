//! `cargo run --example wareki -- [TEXT ...]`: one CONTRACT JSON line per date expression in each
//! TEXT, or in each stdin line when no TEXT is given (what `keikaku wareki` prints).

use std::io::BufRead;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let print = |text: &str| {
        for e in keikaku_wareki::scan(text) {
            println!("{}", e.to_json());
        }
    };
    if args.is_empty() {
        for line in std::io::stdin().lock().lines().map_while(Result::ok) {
            print(&line);
        }
    } else {
        args.iter().for_each(|a| print(a));
    }
}
