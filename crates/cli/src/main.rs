//! The `keikaku` command line: flags → a mode → exit code (0 ok, 1 some input failed, 2 usage).

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use keikaku::batch::{self, BatchConfig};
use keikaku::check;
use keikaku::ocr::OcrMode;
use keikaku::Options;
use keikaku_structure::ProfileSet;
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

/// keikaku (計画): turns Japanese municipal plan PDFs into a structured JSON corpus.
///
/// Each PDF becomes DIR/<stem>.json (title, plan period, sections, initiatives with
/// departments and schedules, tables, glossary, footnotes, dates, page text); the batch
/// also writes DIR/corpus.jsonl (one document per line) and DIR/manifest.json.
#[derive(Parser, Debug)]
#[command(name = "keikaku", version, about, long_about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Convert PDFs (files or folders, searched recursively for *.pdf) into JSON.
    ///
    /// Files run in parallel; a file that fails (broken, encrypted, not a PDF, too slow)
    /// is listed with its reason in manifest.json and on stderr, and the others are still
    /// written. Outputs are written atomically; a re-run skips files whose output is
    /// already up to date (same content hash and tool version), so an interrupted run
    /// resumes. Exit code 1 when any file failed.
    Ingest {
        /// PDF files or folders [default: fixtures]
        paths: Vec<PathBuf>,
        /// Output folder
        #[arg(short, long, default_value = "output")]
        out: PathBuf,
        /// Worker threads [default: all cores]
        #[arg(short, long)]
        jobs: Option<usize>,
        /// Convert again even when the output is up to date
        #[arg(long)]
        force: bool,
        /// Process only shard K of N (e.g. 2/8): a deterministic split by file path, so N
        /// machines can share one corpus without a coordinator
        #[arg(long, value_name = "K/N", value_parser = parse_shard)]
        shard: Option<(u32, u32)>,
        /// Add space-separated tokens (分かち書き) to pages and initiatives, for search
        /// engines without a Japanese analyser
        #[arg(long)]
        tokens: bool,
        /// Also write each document's tables (DIR/<stem>.csv/t01.csv …) and initiatives,
        /// one per row (DIR/<stem>.csv/initiatives.csv), as CSV files (UTF-8 with BOM,
        /// RFC 4180) for open-data portals and spreadsheets
        #[arg(long)]
        csv: bool,
        /// Extra layout-family profile (TOML) for a new municipality's labels and markers:
        /// its lists add to the built-in ones, [remove.MODULE] lists take entries out
        #[arg(long, value_name = "FILE")]
        profile: Option<PathBuf>,
        /// OCR (Tesseract, `apt-get install tesseract-ocr tesseract-ocr-jpn
        /// tesseract-ocr-jpn-vert`): `auto` reads pages with no text layer or with text that
        /// cannot be decoded (U+FFFD, private use) and warns once when Tesseract is missing;
        /// `always` reads every page and needs Tesseract; `never` turns it off
        #[arg(long, value_enum, default_value_t = OcrArg::Auto)]
        ocr: OcrArg,
        /// Per-file time limit in seconds (OCR takes about 2 s per page and core)
        #[arg(long, default_value_t = 120)]
        timeout: u64,
        /// Largest input file in MiB
        #[arg(long, default_value_t = 512)]
        max_file_mib: u64,
        /// Never show a progress bar (log one line per file instead)
        #[arg(long)]
        no_progress: bool,
        /// Also build or update this SQLite database from the run's corpus file (see `db`)
        #[arg(long, value_name = "FILE")]
        db: Option<PathBuf>,
        /// Also write DIR/chunks.jsonl: retrieval chunks that never cross a section or an
        /// initiative, with document key, section path, initiative key, pages and tokens
        #[arg(long)]
        chunks: bool,
        /// Largest chunk, in lindera tokens
        #[arg(long, value_name = "N", default_value_t = 400)]
        chunk_tokens: usize,
    },
    /// Build or update a SQLite database (plain tables, Japanese full-text search) from
    /// OUT_DIR/corpus.jsonl and shard files corpus.K-of-N.jsonl; a document is replaced by
    /// its SHA-256, so re-running is idempotent and incremental.
    Db {
        /// Output folder of ingest, or one .jsonl file
        input: PathBuf,
        /// Database file [default: OUT_DIR/corpus.sqlite]
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Rewrite every document even when its JSON is unchanged
        #[arg(long)]
        force: bool,
        /// Remove documents that the input no longer holds
        #[arg(long)]
        prune: bool,
    },
    /// Full-text search of a database built by `db`: one- and two-character words too,
    /// full/half width, 〜/～ and old/new kanji forms folded; hits ranked by bm25.
    Search {
        /// Words to find (all must occur)
        query: String,
        /// Database file
        #[arg(long, default_value = "output/corpus.sqlite")]
        db: PathBuf,
        /// Only documents of this municipality (a part of its name is enough)
        #[arg(long, value_name = "M")]
        municipality: Option<String>,
        /// Only initiatives scheduled in this fiscal year, pages dated in it, or documents
        /// whose plan period covers it
        #[arg(long, value_name = "Y")]
        fiscal_year: Option<i32>,
        /// Only hits of one kind
        #[arg(long, value_parser = ["initiative", "section", "table", "page"])]
        kind: Option<String>,
        /// Most hits to show (0: all)
        #[arg(short = 'n', long, default_value_t = 20)]
        limit: usize,
        /// One JSON object per hit (for scripts)
        #[arg(long)]
        json: bool,
    },
    /// Write OUT_DIR/index.html: the batch at a glance (documents, counts, warnings and
    /// failures, charts of initiatives by department and fiscal year), self-contained.
    Report {
        /// Output folder of ingest
        #[arg(default_value = "output")]
        dir: PathBuf,
    },
    /// Find Japanese dates (令和6年度, R5.4.1, 平成31年4月30日 …) in TEXT, or in each line
    /// of stdin, and print one JSON object per date: text, start, end (ISO, inclusive),
    /// fiscal_year (for 年度) and warnings.
    Wareki {
        /// Texts to scan [default: stdin, line by line]
        text: Vec<String>,
    },
    /// Draw how a PDF was read: one self-contained HTML page with every page as SVG, the
    /// detected tables, cells, boxes, initiatives, headers/footers, ※ links and reading
    /// order outlined; click an outline to see its JSON.
    Inspect {
        /// The PDF to inspect
        file: PathBuf,
        /// Where to write the HTML [default: output/<stem>.inspect.html]
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Only these pages, e.g. 3 or 3-5
        #[arg(long, value_name = "N[-M]", value_parser = parse_pages)]
        pages: Option<(u32, u32)>,
        /// Extra layout-family profile (TOML), as for ingest
        #[arg(long, value_name = "FILE")]
        profile: Option<PathBuf>,
    },
    /// Compare two documents (PDFs or keikaku JSON): align their initiatives and print
    /// what was added, removed, changed (schedule per fiscal year, departments, KPIs,
    /// amounts, text) or moved; with one revision document, compare each 修正後 initiative
    /// with its 現行 version. Exit code 1 when anything differs.
    Diff {
        /// OLD document; alone, a revision document (修正後/現行) compared with itself
        old: PathBuf,
        /// NEW document
        new: Option<PathBuf>,
        /// Write the report as JSON to FILE (stdout without FILE) instead of the summary
        #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = "-")]
        json: Option<PathBuf>,
        /// Also write a 新旧対照表-style side-by-side HTML page
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        /// Lowest similarity (0..1) for two initiatives to be paired
        #[arg(long, default_value_t = keikaku_diff::align::DEFAULT_THRESHOLD)]
        threshold: f64,
        /// Extra layout-family profile (TOML) for PDF inputs, as for ingest
        #[arg(long, value_name = "FILE")]
        profile: Option<PathBuf>,
    },
    /// Follow initiatives across one municipality's documents in DIR (keikaku JSON or
    /// PDFs): lineages with a lineage key, splits, and progress-report items linked to the
    /// initiatives they report on, as JSON.
    Track {
        /// Folder of documents (searched recursively)
        dir: PathBuf,
        /// Write the JSON to FILE [default: stdout]
        #[arg(short, long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Lowest similarity (0..1) for two initiatives to be linked
        #[arg(long, default_value_t = keikaku_diff::align::DEFAULT_THRESHOLD)]
        threshold: f64,
        /// Also write the lineages as tables (lineages, lineage_members) into this database
        /// built by `keikaku db` (replacing earlier ones); without -o, no JSON is printed
        #[arg(long, value_name = "FILE")]
        db: Option<PathBuf>,
        /// Extra layout-family profile (TOML) for PDF inputs, as for ingest
        #[arg(long, value_name = "FILE")]
        profile: Option<PathBuf>,
    },
    /// Print the JSON Schema (draft 2020-12) of the document JSON, generated from the model
    /// types (committed as docs/keikaku.schema.json)
    Schema {
        /// The schema of manifest.json instead (committed as docs/manifest.schema.json)
        #[arg(long)]
        manifest: bool,
    },
    /// Re-run the pipeline on the fixtures and compare with the committed expected JSON
    /// (fixtures/NAME.expected.json) and layout reference (fixtures/NAME.layout.json); print a
    /// readable diff and exit 1 on any difference.
    Check {
        /// Fixture folder
        #[arg(default_value = "fixtures")]
        dir: PathBuf,
        /// Rewrite the expected files from the current output (after a deliberate change)
        #[arg(long)]
        bless: bool,
        /// Add a new PDF as a fixture: copy it into DIR and write its expected JSON and layout
        /// reference
        #[arg(long, value_name = "FILE.pdf")]
        add: Option<PathBuf>,
        /// Extra layout-family profile (TOML), as for ingest
        #[arg(long, value_name = "FILE")]
        profile: Option<PathBuf>,
    },
}

/// `--ocr`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum OcrArg {
    Auto,
    Always,
    Never,
}

impl From<OcrArg> for OcrMode {
    fn from(a: OcrArg) -> Self {
        match a {
            OcrArg::Auto => OcrMode::Auto,
            OcrArg::Always => OcrMode::Always,
            OcrArg::Never => OcrMode::Never,
        }
    }
}

fn parse_shard(s: &str) -> Result<(u32, u32), String> {
    let (k, n) = s.split_once('/').ok_or("expected K/N, e.g. 1/4")?;
    let k: u32 = k.trim().parse().map_err(|_| "K must be a number")?;
    let n: u32 = n.trim().parse().map_err(|_| "N must be a number")?;
    if n == 0 || k == 0 || k > n {
        return Err("need 1 <= K <= N".into());
    }
    Ok((k, n))
}

fn parse_pages(s: &str) -> Result<(u32, u32), String> {
    let (a, b) = s.split_once('-').unwrap_or((s, s));
    let a: u32 = a.trim().parse().map_err(|_| "expected N or N-M")?;
    let b: u32 = b.trim().parse().map_err(|_| "expected N or N-M")?;
    if a == 0 || b < a {
        return Err("need 1 <= N <= M".into());
    }
    Ok((a, b))
}

/// The built-in profiles plus the user's file, and the part of the up-to-date key that
/// names the user's file (empty without one).
fn load_profiles(path: Option<&std::path::Path>) -> Result<(ProfileSet, String)> {
    let set = ProfileSet::builtin();
    let Some(p) = path else {
        return Ok((set, String::new()));
    };
    let text = std::fs::read_to_string(p).with_context(|| format!("{}", p.display()))?;
    let set = set
        .with_file(&p.display().to_string(), &text)
        .with_context(|| format!("{}", p.display()))?;
    let key = format!(
        "profile={}",
        &keikaku::pipeline::sha256_hex(text.as_bytes())[..16]
    );
    Ok((set, key))
}

/// Default options with the built-in profiles plus the user's file.
fn options_with(profile: Option<&std::path::Path>) -> Result<Options> {
    Ok(Options {
        profiles: Arc::new(load_profiles(profile)?.0),
        ..Options::default()
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("keikaku: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Ingest {
            paths,
            out,
            jobs,
            force,
            shard,
            tokens,
            csv,
            profile,
            ocr,
            timeout,
            max_file_mib,
            no_progress,
            db,
            chunks,
            chunk_tokens,
        } => {
            let paths = if paths.is_empty() {
                vec![PathBuf::from("fixtures")]
            } else {
                paths
            };
            let mut inputs = batch::collect_inputs(&paths).map_err(anyhow::Error::msg)?;
            if let Some((k, n)) = shard {
                inputs = batch::shard(inputs, k, n);
            }
            let (profiles, extra_key) = load_profiles(profile.as_deref())?;
            let ocr = OcrMode::from(ocr);
            if ocr == OcrMode::Always {
                if let Err(why) = keikaku::ocr::engine() {
                    anyhow::bail!("--ocr always: {why}");
                }
            }
            if out.is_file() {
                anyhow::bail!("{}: is a file; -o names the output folder", out.display());
            }
            let cfg = BatchConfig {
                out_dir: out,
                threads: jobs,
                force,
                shard,
                timeout: Duration::from_secs(timeout.max(1)),
                max_file_bytes: max_file_mib.saturating_mul(1 << 20),
                options: Options {
                    profiles: Arc::new(profiles),
                    tokens,
                    ocr,
                    ..Options::default()
                },
                progress: !no_progress && batch::stderr_is_terminal(),
                extra_key,
                csv,
            };
            let manifest = batch::run(&inputs, &cfg).context("writing the output folder")?;
            eprintln!(
                "keikaku: {} converted, {} failed; see {}",
                manifest.ok,
                manifest.failed,
                cfg.out_dir.join("manifest.json").display()
            );
            keikaku::corpus::after_ingest(
                &cfg.out_dir,
                shard,
                db.as_deref(),
                chunks,
                chunk_tokens,
            )?;
            // A runaway worker (time limit hit) may still be running: exit now.
            std::process::exit(if manifest.failed > 0 { 1 } else { 0 });
        }
        Command::Wareki { text } => {
            let mut out = std::io::stdout().lock();
            let mut emit = |t: &str| -> Result<()> {
                use std::io::Write;
                for d in keikaku_wareki::scan(t) {
                    writeln!(out, "{}", d.to_json())?;
                }
                Ok(())
            };
            if text.is_empty() {
                let mut stdin = std::io::stdin().lock();
                let mut buf = Vec::new();
                let mut n = 0;
                while stdin.read_until(b'\n', &mut buf)? > 0 {
                    n += 1;
                    match std::str::from_utf8(&buf) {
                        Ok(line) => emit(line.trim_end_matches(['\n', '\r']))?,
                        Err(e) => eprintln!("keikaku: stdin line {n}: not UTF-8 ({e}); skipped"),
                    }
                    buf.clear();
                }
            } else {
                for t in &text {
                    emit(t)?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Inspect {
            file,
            out,
            pages,
            profile,
        } => {
            let opts = options_with(profile.as_deref())?;
            let bytes = std::fs::read(&file).with_context(|| format!("{}", file.display()))?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let stages = keikaku::stages(&bytes, &name, &opts)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let out = out.unwrap_or_else(|| {
                let stem = file
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                PathBuf::from("output").join(format!("{stem}.inspect.html"))
            });
            if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            batch::write_atomic(&out, keikaku::inspect::report(&stages, pages).as_bytes())
                .with_context(|| format!("{}", out.display()))?;
            eprintln!("keikaku: wrote {}", out.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Diff {
            old,
            new,
            json,
            html,
            threshold,
            profile,
        } => {
            let opts = options_with(profile.as_deref())?;
            let out = keikaku::diff::DiffOutputs {
                json,
                html,
                threshold,
            };
            let differs = keikaku::diff::run_diff(&old, new.as_deref(), &out, &opts)?;
            Ok(ExitCode::from(u8::from(differs)))
        }
        Command::Track {
            dir,
            out,
            threshold,
            db,
            profile,
        } => {
            let opts = options_with(profile.as_deref())?;
            keikaku::diff::run_track(&dir, (out.as_deref(), db.as_deref()), threshold, &opts)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Db {
            input,
            out,
            force,
            prune,
        } => {
            keikaku::corpus::run_db(&input, out, force, prune)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Search {
            query,
            db,
            municipality,
            fiscal_year,
            kind,
            limit,
            json,
        } => {
            let q = keikaku_corpus::search::Query {
                text: query,
                municipality,
                fiscal_year,
                kind,
                limit,
            };
            let n = keikaku::corpus::run_search(&db, &q, json)?;
            Ok(if n > 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Report { dir } => {
            keikaku::corpus::run_report(&dir)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema { manifest } => {
            let schema = if manifest {
                keikaku::manifest_schema()
            } else {
                keikaku::document_schema()
            };
            println!("{}", serde_json::to_string_pretty(&schema)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Check {
            dir,
            bless,
            add,
            profile,
        } => {
            let opts = options_with(profile.as_deref())?;
            if let Some(pdf) = add {
                let name = check::add_fixture(&dir, &pdf, &opts)?;
                eprintln!("keikaku: added {name}; review it against the PDF before committing");
                return Ok(ExitCode::SUCCESS);
            }
            let report = check::run(&dir, &opts, bless)?;
            print!("{}", report.text);
            Ok(if report.differences == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}
