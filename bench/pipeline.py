#!/usr/bin/env python3
"""Time keikaku's whole pipeline against poppler's pdftotext on the same PDFs.

usage: bench/pipeline.py [PDF_OR_DIR ...]   (default: fixtures/ and ../shared/corpus/real-ja if present)

Both run one thread per file, sequentially over all files, repeated --repeat times (best
run kept). Reports pages/s for both and the ratio, keikaku's speed-up from 1 to all threads,
and keikaku's peak resident memory with one worker. Needs a release build
(`cargo build --release`) and `pdftotext` (Debian poppler-utils) for the comparison.
"""
import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(os.environ.get('CARGO_TARGET_DIR') or os.path.join(ROOT, 'target'), 'release', 'keikaku')


def pdfs(paths):
    out = []
    for p in paths:
        if os.path.isdir(p):
            for d, _, fs in os.walk(p):
                out += [os.path.join(d, f) for f in fs if f.lower().endswith('.pdf')]
        elif os.path.isfile(p):
            out.append(p)
    return sorted(out)


def run_keikaku(files, jobs):
    with tempfile.TemporaryDirectory() as src, tempfile.TemporaryDirectory() as out:
        for i, f in enumerate(files):
            os.symlink(os.path.abspath(f), os.path.join(src, f'{i:04d}_' + os.path.basename(f)))
        t = time.perf_counter()
        subprocess.run([BIN, 'ingest', '--no-progress', '--force', '-j', str(jobs), '-o', out, src],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        dt = time.perf_counter() - t
        m = json.load(open(os.path.join(out, 'manifest.json')))
        pages = sum(x['pages'] or 0 for x in m['files'] if x['status'] == 'ok')
        return dt, pages, m['failed']


def run_pdftotext(files):
    t = time.perf_counter()
    for f in files:
        subprocess.run(['pdftotext', '-q', f, '-'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('paths', nargs='*')
    ap.add_argument('--repeat', type=int, default=3)
    a = ap.parse_args()
    paths = a.paths or [os.path.join(ROOT, 'fixtures')] + [
        p for p in [os.path.join(ROOT, '..', 'shared', 'corpus', 'real-ja')] if os.path.isdir(p)]
    files = pdfs(paths)
    if not os.path.exists(BIN):
        sys.exit('build first: cargo build --release')
    best1 = min((run_keikaku(files, 1) for _ in range(a.repeat)), key=lambda r: r[0])
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    cores = os.cpu_count() or 1
    bestn = min((run_keikaku(files, cores) for _ in range(a.repeat)), key=lambda r: r[0])
    dt1, pages, failed = best1
    print(f'files: {len(files)}, pages converted: {pages}, failed: {failed}')
    print(f'keikaku (1 thread):  {dt1:7.2f} s  {pages / dt1:8.1f} pages/s')
    print(f'keikaku ({cores} threads): {bestn[0]:7.2f} s  {pages / bestn[0]:8.1f} pages/s  speed-up {dt1 / bestn[0]:.2f}x')
    print(f'keikaku peak RSS (one worker, whole process): {peak_kib / 1024:.0f} MiB')
    if shutil.which('pdftotext'):
        dtp = min(run_pdftotext(files) for _ in range(a.repeat))
        print(f'pdftotext (1 thread): {dtp:7.2f} s  {pages / dtp:8.1f} pages/s')
        print(f'ratio keikaku/pdftotext pages/s: {dtp / dt1:.2f} (>= 1 means the whole pipeline is no slower)')
    else:
        print('pdftotext not found (apt-get install poppler-utils): no comparison')


if __name__ == '__main__':
    main()
