//! Scan throughput: expressions per second (criterion's "elem/s") and bytes per second.
//!
//! Uses the seed texts in `../shared/seeds` when that folder is present next to the repository
//! (they are never committed), and always a text built here from representative expressions.

use std::path::Path;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use keikaku_wareki::scan;

/// Plan-like prose with the date forms documents use, plus look-alikes that are not dates.
fn built_text() -> String {
    const LINES: &[&str] = &[
        "本計画の期間は、令和6（2024）年度～令和8（2026）年度の3年間とします。",
        "令和7年度(2025年度)に策定する方針に基づき、第2次計画を推進します。",
        "4(2022)年度\t5(2023)年度\t6(2024)年度",
        "令和５年９月29日に開催した会議で、1,268人の参加と51件の意見を得た。",
        "・R4　655回　3,365名　・R5　R4と同等程度の予定（30分、4か国語対応）",
        "平成28年(2016年)1月から運用を開始し、H31.4.30まで継続した。",
        "令和６年12月末時点の実績は前年比12.5%増、電話 03-3312-2111、P 1/5。",
        "2024年4月1日施行、2025/10/1改定、R5.4～R6.3の試行期間。",
        "令 和 ５ 年 ９ 月 2 9 日、令和十年度以降の方針1-アを検討する。",
        "デジタル技術を活用した窓口サービスの改善に向けて、区民の利便性向上を図ります。",
    ];
    let mut s = String::new();
    while s.len() < 100_000 {
        for l in LINES {
            s.push_str(l);
            s.push('\n');
        }
    }
    s
}

fn seed_texts() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = rd
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .filter_map(|p| {
            let name = p.file_stem()?.to_string_lossy().chars().take(3).collect();
            Some((name, std::fs::read_to_string(&p).ok()?))
        })
        .collect();
    out.sort();
    out
}

fn bench(c: &mut Criterion) {
    let mut texts = vec![("built".to_string(), built_text())];
    let seeds = seed_texts();
    if !seeds.is_empty() {
        let all: String = seeds.iter().map(|(_, t)| t.as_str()).collect();
        texts.push(("seeds".to_string(), all));
    }
    for (name, text) in &texts {
        let n = scan(text).len() as u64;
        println!("{name}: {} bytes, {n} expressions per scan", text.len());
        let mut g = c.benchmark_group(format!("scan/{name}"));
        g.throughput(Throughput::Elements(n));
        g.bench_function("expressions", |b| b.iter(|| scan(black_box(text))));
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function("bytes", |b| b.iter(|| scan(black_box(text))));
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
