// Included by the build scripts of the crates whose tests read `../shared` (the corpus beside
// the repository): sets `cfg(shared_absent)` when `../shared/fixtures` is missing, so those
// tests are marked `#[cfg_attr(shared_absent, ignore = ...)]` and `cargo test` counts them
// as ignored instead of passing without running.
//
// Re-evaluated when the folder disappears (it is watched while present). Watching a missing
// path would rerun the script, and rebuild the crate, on every build, so when it is absent
// only the script is watched: after putting `../shared` in place, run
// `touch crates/testkit/shared_cfg.rs` (or `cargo clean`) to run the ignored tests.

/// Emits the check-cfg declaration and, when `../shared/fixtures` is absent, the cfg.
fn shared_cfg() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let fixtures = std::path::Path::new(&manifest).join("../../../shared/fixtures");
    println!("cargo::rustc-check-cfg=cfg(shared_absent)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=../testkit/shared_cfg.rs");
    if fixtures.is_dir() {
        println!("cargo::rerun-if-changed={}", fixtures.display());
    } else {
        println!("cargo::rustc-cfg=shared_absent");
    }
}
