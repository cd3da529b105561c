//! Prints every body line of one page with its box, size and bold flag (a development aid).
//!
//! `cargo run -p keikaku-layout --example lines_dump -- FILE.pdf PAGE`

use keikaku_model::Item;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(path), Some(n)) = (args.get(1), args.get(2).and_then(|s| s.parse::<u32>().ok()))
    else {
        eprintln!("usage: lines_dump FILE.pdf PAGE");
        std::process::exit(2);
    };
    let bytes = std::fs::read(path).expect("read pdf");
    let pages = keikaku_extract::pages(&bytes, &keikaku_extract::Limits::default())
        .expect("extract")
        .value;
    let layout = keikaku_layout::analyze(&pages).value;
    let Some(p) = layout.pages.iter().find(|p| p.number == n) else {
        return;
    };
    for l in &p.furniture {
        println!(
            "furniture y {:.1}..{:.1} of {:.0}: {}",
            l.bbox.y0, l.bbox.y1, p.height, l.text
        );
    }
    for it in &p.items {
        if let Item::Block(b) = it {
            println!("-- block");
            for l in &b.lines {
                let bb = l.bbox;
                println!(
                    "{:7.1} {:7.1} {:7.1} {:7.1} s={:4.1} b={} {}",
                    bb.x0, bb.y0, bb.x1, bb.y1, l.size, l.bold, l.text
                );
            }
        }
    }
}
