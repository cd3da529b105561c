//! Prints the glyphs of one page whose line contains a given text (dev tool).
//! usage: cargo run --example glyphs -- FILE.pdf PAGE [NEEDLE]
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let pdf = std::fs::read(&a[1]).expect("read");
    let n: usize = a[2].parse().expect("page");
    let pages = keikaku_extract::pages(&pdf, &Default::default()).expect("extract");
    let page = &pages.value[n - 1];
    let needle = a.get(3).cloned().unwrap_or_default();
    let mut rows: Vec<(i32, Vec<&keikaku_model::Glyph>)> = Vec::new();
    for g in &page.glyphs {
        let y = g.bbox.y1.round() as i32;
        match rows.iter_mut().find(|(ry, _)| (ry - y).abs() <= 1) {
            Some((_, v)) => v.push(g),
            None => rows.push((y, vec![g])),
        }
    }
    for (y, gs) in rows {
        let text: String = gs.iter().map(|g| g.text.as_str()).collect();
        if !text.contains(&needle) {
            continue;
        }
        println!("y={y} {text}");
        for g in gs {
            println!(
                "  {:?} x0={:.1} x1={:.1} size={:.1} font={}",
                g.text, g.bbox.x0, g.bbox.x1, g.size, g.font
            );
        }
    }
}
