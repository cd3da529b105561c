//! Lists the department mentions found in text on stdin, with counts
//! (`keikaku_jtext::find_departments`).

use std::collections::BTreeMap;
use std::io::Read;

fn main() {
    let mut text = String::new();
    if let Err(err) = std::io::stdin().read_to_string(&mut text) {
        eprintln!("error: {err}");
        std::process::exit(1);
    }
    let mut counts: BTreeMap<String, u32> = BTreeMap::new();
    for (name, _) in keikaku_jtext::find_departments(&text) {
        *counts.entry(name).or_default() += 1;
    }
    for (name, count) in counts {
        println!("{count}\t{name}");
    }
}
