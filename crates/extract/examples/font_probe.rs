//! Prints the font dictionaries of a PDF and the Unicode cmaps of embedded TrueType
//! fonts (dev tool).
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let doc = lopdf::Document::load(&a[1]).expect("load");
    for (id, o) in &doc.objects {
        let Ok(d) = o.as_dict() else { continue };
        if d.get(b"Type").ok().and_then(|t| t.as_name().ok()) == Some(b"Font") {
            println!("{id:?} {d:?}");
        }
        if let Ok(ff) = d.get(b"FontFile2").and_then(|r| r.as_reference()) {
            let Ok(s) = doc.get_object(ff).and_then(|o| o.as_stream()) else {
                continue;
            };
            let data = s.decompressed_content().unwrap_or_default();
            match ttf_parser::Face::parse(&data, 0) {
                Ok(f) => {
                    let mut pairs = Vec::new();
                    if let Some(cmap) = f.tables().cmap {
                        for sub in cmap.subtables {
                            for cp in 0x20u32..0xFFFF {
                                if let Some(g) = sub.glyph_index(cp) {
                                    if sub.is_unicode() && pairs.len() < 40 {
                                        pairs.push((g.0, char::from_u32(cp).unwrap_or('?')));
                                    }
                                }
                            }
                        }
                    }
                    println!(
                        "  {ff:?}: {} glyphs, unicode cmap sample {pairs:?}",
                        f.number_of_glyphs()
                    );
                }
                Err(e) => println!("  {ff:?}: not parsed: {e}"),
            }
        }
    }
}
