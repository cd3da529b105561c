//! Reads text on stdin and prints it with spurious spaces removed
//! (`keikaku_jtext::remove_spurious_spaces`).

use std::io::Read;

fn main() {
    let mut text = String::new();
    if let Err(err) = std::io::stdin().read_to_string(&mut text) {
        eprintln!("error: {err}");
        std::process::exit(1);
    }
    print!("{}", keikaku_jtext::remove_spurious_spaces(&text));
}
