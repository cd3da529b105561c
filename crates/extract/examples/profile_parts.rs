//! Times lopdf loading vs the whole extraction (dev tool).
fn main() {
    for p in std::env::args().skip(1) {
        let b = std::fs::read(&p).expect("read");
        let t = std::time::Instant::now();
        let d = lopdf::Document::load_mem(&b).expect("load");
        let load = t.elapsed();
        let t = std::time::Instant::now();
        let _ = keikaku_extract::pages(&b, &keikaku_extract::Limits::default());
        println!(
            "{p}: lopdf load {:?} ({} objects), pages() total {:?}",
            load,
            d.objects.len(),
            t.elapsed()
        );
    }
}
