//! Builds the lindera IPADIC dictionary into `OUT_DIR/ipadic` at compile time.
//!
//! Source: `dictionaries/ipadic/mecab-ipadic-2.7.0-20070801.tar.zst` (EUC-JP MeCab
//! source, see `dictionaries/ipadic/README.md`). The CSVs and `.def` files are
//! decoded to UTF-8 and folded with `src/charmap.rs`, then lindera's
//! `DictionaryBuilder` writes the binary dictionary that `src/dict.rs` embeds
//! with `include_bytes!`. No network; takes a few seconds once per clean build.

use std::error::Error;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use lindera_dictionary::builder::DictionaryBuilder;
use lindera_dictionary::dictionary::metadata::Metadata;
use lindera_dictionary::dictionary::schema::Schema;

#[path = "src/charmap.rs"]
#[allow(dead_code)]
mod charmap;

// `cfg(shared_absent)` for the test that reads `../shared/seeds`.
include!("../testkit/shared_cfg.rs");

const ARCHIVE: &str = "../../dictionaries/ipadic/mecab-ipadic-2.7.0-20070801.tar.zst";

fn main() -> Result<(), Box<dyn Error>> {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    let archive = manifest.join(ARCHIVE);
    println!("cargo:rerun-if-changed={}", archive.display());
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/charmap.rs");
    shared_cfg();

    let start = Instant::now();
    let src = out.join("ipadic-src");
    unpack(&archive, &src)?;
    let unpacked = start.elapsed();
    let dict = out.join("ipadic");
    DictionaryBuilder::new(metadata()).build_dictionary(&src, &dict)?;
    fs::remove_dir_all(&src)?;
    let timing = format!(
        "unpack+decode {:.2} s, DictionaryBuilder {:.2} s\n",
        unpacked.as_secs_f64(),
        (start.elapsed() - unpacked).as_secs_f64()
    );
    fs::write(out.join("build-time.txt"), timing)?;
    Ok(())
}

/// Unpacks the zstd tarball into `dir`, text files decoded from EUC-JP and folded.
fn unpack(archive: &Path, dir: &Path) -> Result<(), Box<dyn Error>> {
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    fs::create_dir_all(dir)?;
    let file = fs::File::open(archive).map_err(|e| format!("{}: {e}", archive.display()))?;
    let decoder = ruzstd::decoding::StreamingDecoder::new(std::io::BufReader::new(file))?;
    let mut tar = tar::Archive::new(decoder);
    for entry in tar.entries()? {
        let mut entry = entry?;
        let name = entry.path()?.into_owned();
        let Some(file_name) = name.file_name() else {
            continue;
        };
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes)?;
        let (text, _, _) = encoding_rs::EUC_JP.decode(&bytes);
        fs::write(dir.join(file_name), charmap::fold(&text).as_bytes())?;
    }
    Ok(())
}

/// IPADIC metadata: 13-field MeCab schema; simple user rows are `surface,pos,reading`.
fn metadata() -> Metadata {
    let user_schema = Schema::new(vec![
        "surface".to_string(),
        "major_pos".to_string(),
        "reading".to_string(),
    ]);
    let defaults = Metadata::default();
    Metadata::new(
        "ipadic".to_string(),
        "UTF-8".to_string(),
        defaults.default_word_cost,
        defaults.default_left_context_id,
        defaults.default_right_context_id,
        defaults.default_field_value,
        false,
        false,
        false,
        Schema::default(),
        user_schema,
    )
}
