//! Prints the layout of a PDF: page text, tables and furniture (a development aid).
//!
//! `cargo run -p keikaku-layout --example layout_dump -- FILE.pdf [PAGE]`

use keikaku_model::Item;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: layout_dump FILE.pdf [PAGE]");
        std::process::exit(2);
    };
    let only: Option<u32> = args.get(2).and_then(|s| s.parse().ok());
    let bytes = std::fs::read(path).expect("read pdf");
    let pages = keikaku_extract::pages(&bytes, &keikaku_extract::Limits::default())
        .expect("extract")
        .value;
    let t = std::time::Instant::now();
    let layout = keikaku_layout::analyze(&pages);
    eprintln!("layout: {:?} for {} pages", t.elapsed(), pages.len());
    for p in &layout.value.pages {
        if only.is_some_and(|n| n != p.number) {
            continue;
        }
        println!(
            "===== page {} contents={} furniture={:?}",
            p.number,
            p.is_contents,
            p.furniture
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
        );
        for it in &p.items {
            match it {
                Item::Block(b) => println!("[B] {}", b.text().replace('\n', "⏎")),
                Item::Table(i) => {
                    let t = &p.tables[*i];
                    println!(
                        "[T{}] {}x{} cont={} hdr={} bbox={:?}",
                        i,
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
                            c.text().replace('\n', "⏎")
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
    for j in keikaku_layout::joined_tables(&layout.value)
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
