//! Runs extract → layout → structure on PDFs and writes `<stem>.json` into OUT_DIR, for
//! `python3 ../shared/tools/score.py ../shared/fixtures OUT_DIR` (structure metrics only:
//! page text and dates are the CLI's).
//!
//! usage: cargo run --release -p keikaku-structure --example score_dump -- OUT_DIR FILE.pdf...

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((out, files)) = args.split_first() else {
        eprintln!("usage: score_dump OUT_DIR FILE.pdf...");
        std::process::exit(2);
    };
    std::fs::create_dir_all(out).expect("create OUT_DIR");
    let profiles = keikaku_structure::Profiles::builtin();
    for f in files {
        let bytes = std::fs::read(f).expect("read pdf");
        let pages = match keikaku_extract::pages(&bytes, &keikaku_extract::Limits::default()) {
            Ok(p) => p.value,
            Err(e) => {
                eprintln!("{f}: {e}");
                continue;
            }
        };
        let layout = keikaku_testkit::analyze(&pages);
        let mut doc =
            keikaku_structure::build(&layout, &profiles, keikaku_structure::Readers::standard())
                .value;
        doc.pages = layout
            .pages
            .iter()
            .map(|p| keikaku_model::PageText {
                number: p.number,
                width: p.width,
                height: p.height,
                text: p.text.clone(),
                ..Default::default()
            })
            .collect();
        let stem = std::path::Path::new(f)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let path = std::path::Path::new(out).join(format!("{stem}.json"));
        std::fs::write(&path, serde_json::to_vec_pretty(&doc).unwrap()).expect("write json");
    }
}
