//! Hostile documents (issue 6): each must cost a warning or an error, never the process,
//! in bounded memory and on a worker-sized stack. The PDFs are written here, byte by byte.

use keikaku_extract::{pages, ExtractError, Limits};
use keikaku_model::{Page, Warned, Warning};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::Write;

/// Counts live heap bytes per thread, so tests running in parallel do not mix.
struct Counting;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn note(delta: isize) {
    let _ = LIVE.try_with(|l| {
        let v = l.get() + delta;
        l.set(v);
        let _ = PEAK.try_with(|p| p.set(p.get().max(v)));
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        note(l.size() as isize);
        System.alloc(l)
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        note(l.size() as isize);
        System.alloc_zeroed(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        note(-(l.size() as isize));
        System.dealloc(p, l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        note(new as isize - l.size() as isize);
        System.realloc(p, l, new)
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const MIB: usize = 1 << 20;

/// Runs `f` on a new thread with a `stack`-byte stack; returns its result and the peak of
/// heap bytes the thread held.
fn measured<T: Send + 'static>(stack: usize, f: impl FnOnce() -> T + Send + 'static) -> (T, usize) {
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || {
            LIVE.with(|l| l.set(0));
            PEAK.with(|p| p.set(0));
            let r = f();
            let peak = PEAK.with(|p| p.get()).max(0) as usize;
            eprintln!("peak heap {:.1} MiB", peak as f64 / MIB as f64);
            (r, peak)
        })
        .expect("spawn")
        .join()
        .expect("no panic, no stack overflow")
}

/// A PDF whose objects are numbered from 1 in order; object 1 is the catalog.
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.5\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        writeln!(out, "{} 0 obj", i + 1).expect("vec");
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).expect("vec");
    for o in offsets {
        writeln!(out, "{o:010} 00000 n ").expect("vec");
    }
    let n = objects.len() + 1;
    write!(
        out,
        "trailer\n<< /Size {n} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    )
    .expect("vec");
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut s = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    s.extend_from_slice(data);
    s.extend_from_slice(b"\nendstream");
    s
}

const CATALOG: &[u8] = b"<< /Type /Catalog /Pages 2 0 R >>";
const ONE_KID: &[u8] = b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>";
const FONT: &[u8] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
const RES: &str = "/Resources << /Font << /F1 3 0 R >> >>";

/// Objects 1–4 of a one-page document (page = object 4) whose `/Contents` is `contents`.
fn one_page(contents: &str, page_extra: &str) -> Vec<Vec<u8>> {
    let page = format!(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {contents} {RES} {page_extra} >>"
    );
    vec![
        CATALOG.to_vec(),
        ONE_KID.to_vec(),
        FONT.to_vec(),
        page.into_bytes(),
    ]
}

fn text(w: &Warned<Vec<Page>>) -> String {
    w.value
        .iter()
        .flat_map(|p| p.glyphs.iter().map(|g| g.text.as_str()))
        .collect()
}

fn has(w: &[Warning], code: &str) -> bool {
    w.iter().any(|w| w.code == code)
}

fn flate(chunks: impl Iterator<Item = Vec<u8>>) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    for c in chunks {
        z.write_all(&c).expect("vec");
    }
    z.finish().expect("vec")
}

#[test]
fn zip_bomb_content_stream_costs_a_warning_in_bounded_memory() {
    // 300 MiB of spaces in ~300 KB, drawn after a good content stream.
    let spaces = vec![b' '; MIB];
    let bomb = flate(
        (0..300)
            .map(|_| spaces.clone())
            .chain([b"(lost) Tj".to_vec()]),
    );
    assert!(bomb.len() < 2 * MIB);
    let mut objs = one_page("[5 0 R 6 0 R]", "");
    objs.push(stream("", b"BT /F1 12 Tf 72 700 Td (hello) Tj ET"));
    objs.push(stream("/Filter /FlateDecode", &bomb));
    let file = pdf(&objs);
    let (r, peak) = measured(2 * MIB, move || pages(&file, &Limits::default()));
    let w = r.expect("the file survives");
    assert_eq!(text(&w), "hello");
    assert!(has(&w.warnings, "limit-stream"), "{:?}", w.warnings);
    assert!(peak < 100 * MIB, "peak heap {} MiB", peak / MIB);
}

#[test]
fn deep_nesting_in_content_and_in_objects_does_not_overflow_the_stack() {
    const N: usize = 100_000;
    let deep = |open: &str, close: &str| format!("{}{}", open.repeat(N), close.repeat(N));
    // In a content stream: the tokenizer stops descending at `max_nesting`.
    let content = format!("BT /F1 12 Tf 72 700 Td (ok) Tj {} TJ ET", deep("[", "]"));
    let mut objs = one_page("5 0 R", "");
    objs.push(stream("", content.as_bytes()));
    let file = pdf(&objs);
    let (r, _) = measured(256 * 1024, move || pages(&file, &Limits::default()));
    let w = r.expect("extracts");
    assert_eq!(text(&w), "ok");
    assert!(has(&w.warnings, "limit-nesting"));

    // In an object the page points at: lopdf refuses that object only.
    for d in [deep("[", "]"), deep("<< /A ", ">>")] {
        let mut objs = one_page("5 0 R", "/Annots 6 0 R");
        objs.push(stream("", b"BT /F1 12 Tf 72 700 Td (ok) Tj ET"));
        objs.push(d.into_bytes());
        let file = pdf(&objs);
        let (r, _) = measured(256 * 1024, move || pages(&file, &Limits::default()));
        assert_eq!(text(&r.expect("extracts")), "ok");
    }

    // In the page object itself: that page is lost, with a warning, not the file.
    let mut objs = one_page("5 0 R", &format!("/Foo {}", deep("[", "]")));
    objs.push(stream("", b"BT /F1 12 Tf 72 700 Td (ok) Tj ET"));
    let file = pdf(&objs);
    let (r, _) = measured(256 * 1024, move || pages(&file, &Limits::default()));
    let w = r.expect("extracts");
    assert!(w.value.is_empty());
    assert!(has(&w.warnings, "page-missing"), "{:?}", w.warnings);
}

#[test]
fn self_referencing_page_tree_yields_each_page_once() {
    let objs = vec![
        CATALOG.to_vec(),
        b"<< /Type /Pages /Kids [2 0 R 4 0 R 6 0 R 4 0 R] /Count 3 >>".to_vec(),
        FONT.to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R {RES} >>")
            .into_bytes(),
        stream("", b"BT /F1 12 Tf 72 700 Td (loop) Tj ET"),
        b"<< /Type /Pages /Parent 6 0 R /Kids [6 0 R 2 0 R] /Count 1 >>".to_vec(),
    ];
    let file = pdf(&objs);
    let (r, _) = measured(256 * 1024, move || pages(&file, &Limits::default()));
    let w = r.expect("extracts");
    assert_eq!(w.value.len(), 1);
    assert_eq!(text(&w), "loop");
}

/// A cross-reference table listing one 10 KB stream under `entries` object numbers;
/// `trailer_extra` goes into the trailer.
fn duplicated_xref(entries: usize, trailer_extra: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.5\n".to_vec();
    let catalog = out.len();
    out.extend_from_slice(b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    let pages = out.len();
    out.extend_from_slice(b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n");
    let big = out.len();
    out.extend_from_slice(b"3 0 obj\n");
    out.extend_from_slice(&stream("", &[b'x'; 10_000]));
    out.extend_from_slice(b"\nendobj\n");
    let xref = out.len();
    write!(out, "xref\n0 {}\n0000000000 65535 f \n", entries + 1).expect("vec");
    for i in 1..=entries {
        let o = match i {
            1 => catalog,
            2 => pages,
            _ => big,
        };
        writeln!(out, "{o:010} 00000 n ").expect("vec");
    }
    let n = entries + 1;
    write!(
        out,
        "trailer\n<< /Size {n} /Root 1 0 R {trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n"
    )
    .expect("vec");
    out
}

#[test]
fn duplicated_xref_entries_hit_the_load_budget() {
    // 100,000 copies of a 10 KB object would be 1 GB once parsed.
    let file = duplicated_xref(100_000, "");
    let (r, peak) = measured(2 * MIB, move || pages(&file, &Limits::default()));
    assert!(matches!(
        r,
        Err(ExtractError::LimitExceeded {
            what: "parsed object bytes",
            ..
        })
    ));
    assert!(peak < 200 * MIB, "peak heap {} MiB", peak / MIB);

    let limits = Limits {
        max_objects: 1000,
        ..Limits::default()
    };
    let file = duplicated_xref(5000, "");
    assert!(matches!(
        pages(&file, &limits),
        Err(ExtractError::LimitExceeded {
            what: "objects",
            ..
        })
    ));

    // lopdf's loader for encrypted files takes no filter: checked on the table beforehand.
    let encrypt = "/Encrypt << /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>";
    let file = duplicated_xref(100_000, encrypt);
    let (r, _) = measured(2 * MIB, move || pages(&file, &Limits::default()));
    assert!(matches!(
        r,
        Err(ExtractError::LimitExceeded {
            what: "parsed object bytes",
            ..
        })
    ));
}

#[test]
fn a_form_drawn_on_every_page_hits_the_document_budgets() {
    // 50 pages share one content stream drawing a 10,000-glyph form 20 times: 10M glyphs.
    let form = format!("BT /F1 1 Tf 10 10 Td ({}) Tj ET", "b".repeat(10_000));
    let kids: Vec<String> = (0..50).map(|i| format!("{} 0 R", 7 + i)).collect();
    let mut objs = vec![
        CATALOG.to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count 50 >>", kids.join(" ")).into_bytes(),
        FONT.to_vec(),
        stream(
            "/Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >>",
            form.as_bytes(),
        ),
        stream("", "/X Do ".repeat(20).as_bytes()),
        b"<< /Font << /F1 3 0 R >> /XObject << /X 4 0 R >> >>".to_vec(),
    ];
    for _ in 0..50 {
        objs.push(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Resources 6 0 R >>"
                .to_vec(),
        );
    }
    let file = pdf(&objs);
    let limits = Limits {
        max_glyphs: 100_000,
        ..Limits::default()
    };
    let w = pages(&file, &limits).expect("extracts");
    assert_eq!(w.value.len(), 50);
    let shown: usize = w.value.iter().map(|p| p.glyphs.len()).sum();
    assert!(shown > 0 && shown <= 100_000, "{shown}");
    assert!(has(&w.warnings, "limit-glyphs-total"));

    let limits = Limits {
        max_total_ops: 200,
        ..Limits::default()
    };
    let w = pages(&file, &limits).expect("extracts");
    assert!(has(&w.warnings, "limit-ops-total"));
    assert!(w.value[49].glyphs.is_empty());
}

#[test]
fn paths_rects_and_rulings_are_capped() {
    // A million unpainted subpaths, then 300,000 filled rectangles.
    let mut content = "0 0 m ".repeat(1_000_000);
    content.push_str("1 1 l S\n");
    for i in 0..300_000 {
        content.push_str(&format!("{} {} 4 4 re f\n", i % 600, (i / 600) % 780));
    }
    let mut objs = one_page("5 0 R", "");
    objs.push(stream(
        "/Filter /FlateDecode",
        &flate([content.into_bytes()].into_iter()),
    ));
    let file = pdf(&objs);
    let (r, peak) = measured(2 * MIB, move || pages(&file, &Limits::default()));
    let w = r.expect("extracts");
    assert_eq!(w.value[0].rects.len(), 200_000);
    assert!(has(&w.warnings, "limit-rects"));
    assert!(peak < 150 * MIB, "peak heap {} MiB", peak / MIB);

    let limits = Limits {
        max_graphics: 1000,
        ..Limits::default()
    };
    let file = pdf(&objs);
    let w = pages(&file, &limits).expect("extracts");
    assert_eq!(w.value[0].rects.len() + w.value[0].rulings.len(), 1000);
    assert!(has(&w.warnings, "limit-graphics-total"));
}
