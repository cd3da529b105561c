//! `deploy/slurm/keikaku-array.sh` on a real one-node Slurm cluster on localhost
//! (`deploy/slurm/local-cluster.sh`; Debian `slurm-wlm` and `munge`, which `.ci/run`
//! installs): the array over the fixtures and `../shared/corpus/real-ja`, the database built
//! from the shards, compared by content with a one-machine run. Skips, saying why, when
//! Slurm cannot start here (packages missing, not root); real-ja is left out when absent.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repo root")
}

/// Stops the cluster when the test ends, however it ends.
struct Cluster(PathBuf);

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new(repo().join("deploy/slurm/local-cluster.sh"))
            .arg("stop")
            .arg(&self.0)
            .status();
    }
}

/// A corpus folder of links to the fixtures' and real-ja's PDFs (ingest does not follow
/// linked folders, linked files it reads).
fn corpus(dir: &Path) -> usize {
    let mut n = 0;
    let real = repo().join("../shared/corpus/real-ja");
    let sources = [("fixtures", repo().join("fixtures")), ("real-ja", real)];
    for (name, src) in sources {
        let Ok(rd) = std::fs::read_dir(&src) else {
            eprintln!("note: {} absent, left out", src.display());
            continue;
        };
        let to = dir.join(name);
        std::fs::create_dir_all(&to).expect("mkdir");
        for e in rd.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "pdf") {
                std::os::unix::fs::symlink(&p, to.join(e.file_name())).expect("link");
                n += 1;
            }
        }
    }
    n
}

#[test]
fn slurm_array_builds_the_same_database_as_one_machine() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let state = tmp.path().join("slurm");
    let start = Command::new(repo().join("deploy/slurm/local-cluster.sh"))
        .arg("start")
        .arg(&state)
        .output()
        .expect("runs local-cluster.sh");
    let _cluster = Cluster(state.clone());
    if !start.status.success() {
        eprintln!(
            "skipped: Slurm cannot start here: {}",
            String::from_utf8_lossy(&start.stderr).trim()
        );
        return;
    }
    let conf = state.join("slurm.conf");
    let input = tmp.path().join("corpus");
    let files = corpus(&input);
    assert!(files >= 7, "{files} PDFs");

    // the array: 3 tasks, then the database job
    let out = tmp.path().join("slurm-out");
    let run = Command::new(repo().join("deploy/slurm/keikaku-array.sh"))
        .arg(&input)
        .arg(&out)
        .arg("3")
        .env("SLURM_CONF", &conf)
        .env("KEIKAKU", env!("CARGO_BIN_EXE_keikaku"))
        .env("KEIKAKU_WAIT", "1")
        .output()
        .expect("runs keikaku-array.sh");
    let logs: String = std::fs::read_dir(out.join("logs"))
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default();
    assert!(
        run.status.success(),
        "array failed: {}\n{logs}",
        String::from_utf8_lossy(&run.stderr)
    );
    for k in 1..=3 {
        assert!(
            out.join(format!("corpus.{k}-of-3.jsonl")).exists(),
            "{logs}"
        );
        assert!(logs.contains(&format!("shard {k}/3")), "{logs}");
    }
    let slurm_db = out.join("corpus.sqlite");
    assert!(slurm_db.exists(), "no database: {logs}");

    // one machine
    let one = tmp.path().join("one");
    let st = Command::new(env!("CARGO_BIN_EXE_keikaku"))
        .arg("ingest")
        .arg(&input)
        .arg("-o")
        .arg(&one)
        .arg("--no-progress")
        .arg("--db")
        .arg(one.join("corpus.sqlite"))
        .status()
        .expect("ingest");
    assert!(st.success());
    let a = keikaku_corpus::db::dump(&slurm_db).expect("dump");
    let b = keikaku_corpus::db::dump(&one.join("corpus.sqlite")).expect("dump");
    assert!(
        a.contains(&format!("## documents ({files} rows)")),
        "{}",
        &a[..200.min(a.len())]
    );
    if a != b {
        let diff: Vec<_> = a
            .lines()
            .zip(b.lines())
            .filter(|(x, y)| x != y)
            .take(5)
            .collect();
        panic!("the Slurm-built database differs from the one-machine one: {diff:?}");
    }
    // a task whose shard holds a broken PDF fails: the wait exits 1, the database of the
    // other files is still built, and the failure is in that shard's manifest
    let bad = tmp.path().join("bad");
    std::fs::create_dir_all(&bad).expect("mkdir");
    std::fs::write(bad.join("broken.pdf"), b"%PDF-1.4 nothing").expect("write");
    std::os::unix::fs::symlink(repo().join("fixtures/seed000.pdf"), bad.join("seed000.pdf"))
        .expect("link");
    let bad_out = tmp.path().join("bad-out");
    let run = Command::new(repo().join("deploy/slurm/keikaku-array.sh"))
        .arg(&bad)
        .arg(&bad_out)
        .arg("2")
        .env("SLURM_CONF", &conf)
        .env("KEIKAKU", env!("CARGO_BIN_EXE_keikaku"))
        .env("KEIKAKU_WAIT", "1")
        .output()
        .expect("runs keikaku-array.sh");
    assert_eq!(run.status.code(), Some(1), "a failed task fails the wait");
    let d = keikaku_corpus::db::dump(&bad_out.join("corpus.sqlite")).expect("dump");
    assert!(
        d.contains("## documents (1 rows)"),
        "{}",
        &d[..200.min(d.len())]
    );
    let manifests: String = (1..=2)
        .filter_map(|k| {
            std::fs::read_to_string(bad_out.join(format!("manifest.{k}-of-2.json"))).ok()
        })
        .collect();
    assert!(manifests.contains("broken.pdf") && manifests.contains("\"failed\""));
    println!(
        "Slurm array (3 tasks) over {files} PDFs: database equal to the one-machine database \
         ({} lines of table contents)",
        a.lines().count()
    );
}
