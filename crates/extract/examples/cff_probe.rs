fn main() {
    let a: Vec<String> = std::env::args().collect();
    let doc = lopdf::Document::load(&a[1]).expect("load");
    for (id, o) in &doc.objects {
        if let lopdf::Object::Stream(s) = o {
            let sub = s.dict.get(b"Subtype").ok().and_then(|n| n.as_name().ok()).map(|n| String::from_utf8_lossy(n).into_owned()).unwrap_or_default();
            if sub.contains("CIDFontType0C") || sub.contains("Type1C") || s.dict.has(b"Length1") || sub == "OpenType" {
                let data = s.decompressed_content().unwrap_or_default();
                println!("{id:?} {sub} {} bytes", data.len());
                if let Some(t) = ttf_parser::cff::Table::parse(&data) {
                    let n = t.number_of_glyphs();
                    let v: Vec<_> = (0..n.min(12)).map(|g| (g, t.glyph_cid(ttf_parser::GlyphId(g)), t.glyph_name(ttf_parser::GlyphId(g)))).collect();
                    println!("  glyphs {n}: {v:?}");
                } else if let Ok(f) = ttf_parser::Face::parse(&data, 0) {
                    println!("  ttf glyphs {} cmap subtables {}", f.number_of_glyphs(), f.tables().cmap.map(|c| c.subtables.len()).unwrap_or(0));
                }
            }
        }
    }
}
