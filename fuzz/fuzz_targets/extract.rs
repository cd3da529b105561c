//! Fuzz the extraction entry point (and layout on what it returns): any bytes must give
//! pages or an error, never a panic, a hang or unbounded memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = keikaku_extract::Limits {
        max_pages: 50,
        max_stream_bytes: 16 << 20,
        max_total_stream_bytes: 64 << 20,
        max_ops_per_page: 200_000,
        ..keikaku_extract::Limits::default()
    };
    if let Ok(pages) = keikaku_extract::pages(data, &limits) {
        let _ = keikaku_layout::analyze(&pages.value);
    }
});
