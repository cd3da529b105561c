//! Sets `cfg(shared_absent)` for the tests that read `../shared` (see the included file).

include!("../testkit/shared_cfg.rs");

fn main() {
    shared_cfg();
}
