//! Prints the decoded content streams of one page (dev tool).
//! usage: cargo run --example dump_content -- FILE.pdf PAGE
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let doc = lopdf::Document::load(&a[1]).expect("load");
    let n: u32 = a[2].parse().expect("page");
    let pages = doc.get_pages();
    let id = pages[&n];
    let c = doc.get_page_content(id);
    print!("{}", String::from_utf8_lossy(&c));
}
