//! Prints what layout analysis makes of a PDF (a development aid).
//!
//! `cargo run -p keikaku-layout --example layout_dump -- FILE.pdf [PAGE] [--text|--lines|--glyphs]`
//!
//! Default: items (blocks, tables with their cells), furniture, boxes and joined tables.
//! `--text`: `PageLayout::text`. `--lines`: body lines with boxes. `--glyphs`: the extracted
//! glyphs, rulings and rectangles.

use keikaku_model::{Item, Page, PageLayout};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = args
        .iter()
        .find(|a| a.starts_with("--"))
        .cloned()
        .unwrap_or_default();
    let rest: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let Some(path) = rest.first() else {
        eprintln!("usage: layout_dump FILE.pdf [PAGE] [--text|--lines|--glyphs]");
        std::process::exit(2);
    };
    let only: Option<u32> = rest.get(1).and_then(|s| s.parse().ok());
    let pages = match std::fs::read(path)
        .map_err(|e| e.to_string())
        .and_then(|b| {
            keikaku_extract::pages(&b, &keikaku_extract::Limits::default())
                .map_err(|e| e.to_string())
        }) {
        Ok(w) => w.value,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let t = std::time::Instant::now();
    let layout = keikaku_layout::analyze(&pages).value;
    eprintln!("layout: {:?} for {} pages", t.elapsed(), pages.len());
    let wanted = |n: u32| only.is_none_or(|o| o == n);
    for (page, p) in pages
        .iter()
        .zip(&layout.pages)
        .filter(|(_, p)| wanted(p.number))
    {
        match mode.as_str() {
            "--text" => println!("===== page {}\n{}", p.number, p.text),
            "--lines" => print_lines(p),
            "--glyphs" => print_glyphs(page),
            _ => print_items(p),
        }
    }
    if mode.is_empty() {
        for j in keikaku_layout::joined_tables(&layout)
            .iter()
            .filter(|j| j.parts.len() > 1)
        {
            println!(
                "joined table over pages {:?}: {} rows",
                j.pages,
                j.grid.n_rows()
            );
        }
    }
}

fn print_items(p: &PageLayout) {
    let furniture: Vec<&str> = p.furniture.iter().map(|l| l.text.as_str()).collect();
    println!(
        "===== page {} contents={} furniture={furniture:?}",
        p.number, p.is_contents
    );
    for it in &p.items {
        match it {
            Item::Block(b) => println!("[B] {}", b.lines_text().replace('\n', "⏎")),
            Item::Table(i) => {
                let t = &p.tables[*i];
                println!(
                    "[T{i}] {}x{} cont={} hdr={} bbox={:?}",
                    t.n_rows(),
                    t.n_cols(),
                    t.continues_previous,
                    t.repeated_header_rows,
                    t.bbox
                );
                for c in &t.cells {
                    println!(
                        "   ({},{} {}x{}) {}",
                        c.row,
                        c.col,
                        c.rowspan,
                        c.colspan,
                        c.lines_text().replace('\n', "⏎")
                    );
                }
            }
        }
    }
    println!(
        "boxes: {:?}",
        p.boxes.iter().map(|b| b.bbox).collect::<Vec<_>>()
    );
}

fn print_lines(p: &PageLayout) {
    println!("===== page {}", p.number);
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
                    "{:7.1} {:7.1} {:7.1} {:7.1} s={:4.1} b={} v={} {}",
                    bb.x0, bb.y0, bb.x1, bb.y1, l.size, l.bold, l.vertical, l.text
                );
            }
        }
    }
}

fn print_glyphs(p: &Page) {
    println!(
        "===== page {} {}x{} rot {} glyphs {} rulings {} rects {}",
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
    p.rulings.iter().for_each(|r| println!("ruling {r:?}"));
    p.rects.iter().for_each(|r| println!("rect {r:?}"));
}
