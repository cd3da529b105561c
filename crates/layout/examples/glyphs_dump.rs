//! Prints the glyphs of one page as extracted (a development aid).
//!
//! `cargo run -p keikaku-layout --example glyphs_dump -- FILE.pdf PAGE`

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(path), Some(n)) = (args.get(1), args.get(2).and_then(|s| s.parse::<u32>().ok()))
    else {
        eprintln!("usage: glyphs_dump FILE.pdf PAGE");
        std::process::exit(2);
    };
    let bytes = std::fs::read(path).expect("read pdf");
    let pages = keikaku_extract::pages(&bytes, &keikaku_extract::Limits::default())
        .expect("extract")
        .value;
    let Some(p) = pages.iter().find(|p| p.number == n) else {
        return;
    };
    println!(
        "page {} {}x{} rot {} glyphs {} rulings {} rects {}",
        p.number,
        p.width,
        p.height,
        p.rotation,
        p.glyphs.len(),
        p.rulings.len(),
        p.rects.len()
    );
    for g in &p.glyphs {
        let b = g.bbox;
        println!(
            "{:?} {:7.1} {:7.1} {:7.1} {:7.1} s={:.1} v={} rise={} f={}",
            g.text, b.x0, b.y0, b.x1, b.y1, g.size, g.vertical, g.rise, g.font
        );
    }
    for r in &p.rulings {
        println!("ruling {:?}", r);
    }
    for r in &p.rects {
        println!("rect {:?}", r);
    }
}
