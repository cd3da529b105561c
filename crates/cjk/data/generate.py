#!/usr/bin/env python3
"""Generate the compact tables of keikaku-cjk from poppler-data and unicode-data.

Usage (from the repository root, Debian packages poppler-data and unicode-data installed):

    python3 crates/cjk/data/generate.py [--cmaps DIR] [--ucd DIR] [--out DIR]

Python standard library only. Every table is verified after it is written: the
predefined CMaps are rebuilt exactly as the Rust code rebuilds them and compared
code by code with the poppler-data originals.

Outputs (see README.md beside this script for the formats):
  cmaps.bin               all Adobe-Japan1 encoding CMaps (code -> CID)
  japan1_unicode.bin      Adobe-Japan1 CID -> Unicode (from Adobe-Japan1-UCS2)
  radicals.tsv            Kangxi / CJK radicals -> unified ideograph
  compat_ideographs.tsv   CJK compatibility ideographs -> canonical unified ideograph
  vertical_forms.tsv      vertical presentation forms -> ordinary character
"""

import argparse
import os
import re
import sys
import unicodedata

# CMaps stored as a transform of a sibling plus overrides (verified below).
# name -> (base name, transform); transforms: 0 none, 1 UTF-32 -> UTF-8, 2 UTF-32 -> UTF-16BE.
DERIVED = {
    "UniJIS-UTF8-H": ("UniJIS-UTF32-H", 1),
    "UniJIS-UTF16-H": ("UniJIS-UTF32-H", 2),
    "UniJIS2004-UTF32-H": ("UniJIS-UTF32-H", 0),
    "UniJIS2004-UTF8-H": ("UniJIS2004-UTF32-H", 1),
    "UniJIS2004-UTF16-H": ("UniJIS2004-UTF32-H", 2),
    "UniJISX0213-UTF32-H": ("UniJIS-UTF32-H", 0),
    "UniJISX02132004-UTF32-H": ("UniJIS-UTF32-H", 0),
}
TRANSFORM_NAMES = {0: "none", 1: "utf8", 2: "utf16"}

TOKEN = re.compile(rb"%[^\r\n]*|<([0-9A-Fa-f\s]*)>|/([^\s/<>\[\]{}()%]+)|(-?\d+)|([A-Za-z][^\s/<>\[\]{}()%]*)|\S")


def tokens(data):
    """Yield (kind, value) tokens of a CMap program: hex, name, int, kw."""
    for m in TOKEN.finditer(data):
        if m.group(1) is not None:
            h = re.sub(rb"\s", b"", m.group(1))
            if len(h) % 2:
                h += b"0"
            yield "hex", bytes.fromhex(h.decode())
        elif m.group(2) is not None:
            yield "name", m.group(2).decode("latin-1")
        elif m.group(3) is not None:
            yield "int", int(m.group(3))
        elif m.group(4) is not None:
            yield "kw", m.group(4).decode("latin-1")


def code_of(b):
    return (len(b), int.from_bytes(b, "big"))


class Parsed:
    def __init__(self):
        self.name = None
        self.ordering = None
        self.cmaptype = None
        self.wmode = 0
        self.usecmap = None
        self.codespace = []  # (len, lo bytes, hi bytes)
        self.cids = {}  # (len, code) -> cid, later definitions win
        self.notdef = []  # (len, lo, hi, cid) in file order


def parse_cmap(path):
    p = Parsed()
    toks = list(tokens(open(path, "rb").read()))
    i = 0
    prev = []
    while i < len(toks):
        kind, val = toks[i]
        i += 1
        if kind != "kw":
            prev.append((kind, val))
            continue
        if val == "def" and len(prev) >= 2 and prev[-2][0] == "name":
            key, (vk, v) = prev[-2][1], prev[-1]
            if key == "WMode" and vk == "int":
                p.wmode = v
            elif key == "CMapName" and vk == "name":
                p.name = v
            elif key == "CMapType" and vk == "int":
                p.cmaptype = v
        elif val == "usecmap" and prev and prev[-1][0] == "name":
            p.usecmap = prev[-1][1]
        elif val.startswith("begin") and val[5:] in ("codespacerange", "cidrange", "cidchar", "notdefrange"):
            block = val[5:]
            args = []
            while i < len(toks) and toks[i] != ("kw", "end" + block):
                args.append(toks[i])
                i += 1
            i += 1
            apply_block(p, block, args)
        prev = []
    return p


def apply_block(p, block, args):
    if block == "codespacerange":
        for k in range(0, len(args) - 1, 2):
            lo, hi = args[k][1], args[k + 1][1]
            assert len(lo) == len(hi), (p.name, lo, hi)
            p.codespace.append((len(lo), lo, hi))
    elif block in ("cidrange", "notdefrange"):
        for k in range(0, len(args) - 2, 3):
            (n, lo), (_, hi), cid = code_of(args[k][1]), code_of(args[k + 1][1]), args[k + 2][1]
            if block == "notdefrange":
                p.notdef.append((n, lo, hi, cid))
            else:
                for off in range(hi - lo + 1):
                    p.cids[(n, lo + off)] = cid + off
    elif block == "cidchar":
        for k in range(0, len(args) - 1, 2):
            p.cids[code_of(args[k][1])] = args[k + 1][1]


def ordering_of(path):
    m = re.search(rb"/Ordering \((\w+)\)", open(path, "rb").read())
    return m.group(1).decode() if m else None


def encode_utf(cp, transform):
    s = chr(cp)
    b = s.encode("utf-8") if transform == 1 else s.encode("utf-16-be")
    return code_of(b)


def transform_map(m, transform):
    """Re-encode a UTF-32 map's Unicode codes (the Rust side does the same)."""
    if transform == 0:
        return dict(m)
    out = {}
    for (_, cp), cid in m.items():
        if 0xD800 <= cp <= 0xDFFF or cp > 0x10FFFF:
            continue
        out[encode_utf(cp, transform)] = cid
    return out


# ---------------------------------------------------------------- binary helpers


def varint(n):
    assert n >= 0
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def zigzag(n):
    return varint(n * 2 if n >= 0 else -n * 2 - 1)


def ranges_of(m):
    """Maximal runs of a (len, code) -> value map: {len: [(lo, hi, value)]}."""
    out = {}
    for (n, code) in sorted(m):
        v = m[(n, code)]
        runs = out.setdefault(n, [])
        if runs and runs[-1][1] + 1 == code and runs[-1][2] + (code - runs[-1][0]) == v:
            runs[-1] = (runs[-1][0], code, runs[-1][2])
        else:
            runs.append((code, code, v))
    return out


def encode_ranges(groups):
    """groups: {len: [(lo, hi, cid)]} sorted, non-overlapping per len."""
    out = bytearray(varint(len(groups)))
    for n in sorted(groups):
        runs = groups[n]
        out += bytes([n]) + varint(len(runs))
        nxt, cid_nxt = 0, 0
        for lo, hi, cid in runs:
            assert lo >= nxt
            out += varint(lo - nxt) + varint(hi - lo) + zigzag(cid - cid_nxt)
            nxt, cid_nxt = hi + 1, cid + (hi - lo) + 1
    return bytes(out)


def notdef_groups(notdef):
    groups = {}
    for n, lo, hi, cid in notdef:
        groups.setdefault(n, []).append((lo, hi, cid))
    for runs in groups.values():
        runs.sort()
    return groups


# ---------------------------------------------------------------- CMaps


def load_cmaps(cmap_dir):
    parsed, skipped = {}, []
    for fname in sorted(os.listdir(cmap_dir)):
        path = os.path.join(cmap_dir, fname)
        p = parse_cmap(path)
        p.ordering = ordering_of(path)
        if p.ordering != "Japan1" or p.cmaptype != 1 or p.name != fname:
            skipped.append((fname, p.ordering, p.cmaptype))
            continue
        parsed[fname] = p
    return parsed, skipped


def full_map(parsed, name, memo):
    """The complete (len, code) -> cid map a CMap defines, with usecmap applied."""
    if name in memo:
        return memo[name]
    p = parsed[name]
    m = dict(full_map(parsed, p.usecmap, memo)) if p.usecmap else {}
    m.update(p.cids)
    memo[name] = m
    return m


def plan(parsed):
    """For each CMap: (base, transform, own cid map, codespace, notdef)."""
    memo, plans = {}, {}
    for name, p in parsed.items():
        if name in DERIVED:
            base, tr = DERIVED[name]
            assert p.usecmap is None
            target = full_map(parsed, name, memo)
            derived = transform_map(full_map(parsed, base, memo), tr)
            missing = set(derived) - set(target)
            assert not missing, (name, sorted(missing)[:5])
            own = {k: v for k, v in target.items() if derived.get(k) != v}
            plans[name] = (base, tr, own, p.codespace, p.notdef)
        else:
            if p.usecmap is not None:
                assert p.usecmap in parsed, (name, p.usecmap)
            plans[name] = (p.usecmap, 0, p.cids, p.codespace, p.notdef)
    return plans, memo


def rebuild(plans, name, cache):
    """Rebuild a CMap as the Rust code does: transformed base, then own overrides."""
    if name in cache:
        return cache[name]
    base, tr, own, codespace, notdef = plans[name]
    if base:
        bm, bcs, bnd = rebuild(plans, base, cache)
        m = transform_map(bm, tr)
        if not codespace:
            codespace = bcs
        notdef = (bnd if tr == 0 else []) + notdef
    else:
        m = {}
    m.update(own)
    cache[name] = (m, codespace, notdef)
    return cache[name]


def true_notdef(parsed, name):
    p = parsed[name]
    return (true_notdef(parsed, p.usecmap) if p.usecmap else []) + p.notdef


def expand(notdef):
    m = {}
    for n, lo, hi, cid in notdef:
        for code in range(lo, hi + 1):
            m[(n, code)] = cid
    return m


def write_cmaps(parsed, out_path):
    plans, memo = plan(parsed)
    names = sorted(plans)
    index = {n: k for k, n in enumerate(names)}
    bodies = []
    for name in names:
        base, tr, own, codespace, notdef = plans[name]
        body = bytearray()
        body += bytes([parsed[name].wmode])
        body += varint(index[base] + 1 if base else 0) + bytes([tr])
        body += varint(len(codespace))
        for n, lo, hi in codespace:
            body += bytes([n]) + lo + hi
        body += encode_ranges(notdef_groups(notdef))
        body += encode_ranges(ranges_of(own))
        bodies.append(bytes(body))
    out = bytearray(b"KCMAP1")
    out += varint(len(names))
    offset = 0
    for name, body in zip(names, bodies):
        nb = name.encode()
        out += varint(len(nb)) + nb + varint(offset) + varint(len(body))
        offset += len(body)
    for body in bodies:
        out += body
    open(out_path, "wb").write(out)
    # verification: the rebuilt maps equal the poppler-data maps, code for code
    cache = {}
    for name in names:
        m, cs, _ = rebuild(plans, name, cache)
        assert m == full_map(parsed, name, memo), name
        assert cs, name
        assert expand(cache[name][2]) == expand(true_notdef(parsed, name)), name
        numeric = {}
        for (n, code) in m:
            assert numeric.setdefault(code, n) == n, (name, "code collides across lengths", hex(code))
    return names, plans


# ---------------------------------------------------------------- CID -> Unicode


def is_vs(c):
    o = ord(c)
    return 0xFE00 <= o <= 0xFE0F or 0xE0100 <= o <= 0xE01EF


def load_japan1_ucs2(path):
    """CID -> text from Adobe-Japan1-UCS2 (bfchar/bfrange, UTF-16BE values)."""
    data = open(path, "rb").read()
    m = {}
    for blk in re.finditer(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, v in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", blk.group(1)):
            s = bytes.fromhex(v.decode()).decode("utf-16-be")
            for k, cid in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                m[cid] = s[:-1] + chr(ord(s[-1]) + k)
    for blk in re.finditer(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for lo, v in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", blk.group(1)):
            m[int(lo, 16)] = bytes.fromhex(v.decode()).decode("utf-16-be")
    return m


def japan1_tables(ucs2):
    """(chars: cid -> the one character, texts: cid -> text of 2+ characters)."""
    chars, texts = {}, {}
    for cid, s in ucs2.items():
        s = unicodedata.normalize("NFC", "".join(c for c in s if not is_vs(c)))
        if not s or s == "\ufffd":
            continue
        if len(s) == 1:
            chars[cid] = ord(s)
        else:
            texts[cid] = s
    return chars, texts


def write_japan1(chars, texts, out_path):
    runs = ranges_of({(1, cid): cp for cid, cp in chars.items()})[1]
    out = bytearray(b"KJ1U1")
    out += varint(len(runs))
    nxt, cp_nxt = 0, 0
    for lo, hi, cp in runs:
        out += varint(lo - nxt) + varint(hi - lo) + zigzag(cp - cp_nxt)
        nxt, cp_nxt = hi + 1, cp + (hi - lo) + 1
    out += varint(len(texts))
    nxt = 0
    for cid in sorted(texts):
        s = texts[cid]
        out += varint(cid - nxt) + varint(len(s)) + b"".join(varint(ord(c)) for c in s)
        nxt = cid + 1
    open(out_path, "wb").write(out)


# ---------------------------------------------------------------- Unicode tables


def write_radicals(ucd, out_path):
    rows = []
    for line in open(os.path.join(ucd, "EquivalentUnifiedIdeograph.txt"), encoding="utf-8"):
        line = line.split("#")[0].strip()
        if not line:
            continue
        src, dst = (f.strip() for f in line.split(";"))
        lo, _, hi = src.partition("..")
        for cp in range(int(lo, 16), int(hi or lo, 16) + 1):
            if 0x2E80 <= cp <= 0x2FDF:
                rows.append((cp, int(dst, 16)))
    write_tsv(out_path, "radical\tunified ideograph (EquivalentUnifiedIdeograph.txt)", rows)
    return rows


def unicode_data(ucd):
    for line in open(os.path.join(ucd, "UnicodeData.txt"), encoding="utf-8"):
        f = line.split(";")
        yield int(f[0], 16), f[1], f[5]


def write_compat(ucd, out_path):
    rows = []
    for cp, _, decomp in unicode_data(ucd):
        if not (0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F):
            continue
        parts = decomp.split()
        if len(parts) == 1 and not parts[0].startswith("<"):
            rows.append((cp, int(parts[0], 16)))
    write_tsv(out_path, "compatibility ideograph\tcanonical decomposition (UnicodeData.txt)", rows)
    return rows


def fullwidth(cp):
    return cp + 0xFEE0 if 0x21 <= cp <= 0x7E else cp


def write_vertical(ucd, out_path):
    rows = []
    for cp, _, decomp in unicode_data(ucd):
        parts = decomp.split()
        if len(parts) == 2 and parts[0] == "<vertical>":
            rows.append((cp, fullwidth(int(parts[1], 16))))
    write_tsv(out_path, "vertical form\tordinary character (<vertical> decomposition, ASCII as fullwidth)", rows)
    return rows


def write_tsv(path, header, rows):
    with open(path, "w", encoding="utf-8") as f:
        f.write("# " + header + "\n")
        f.write("# Modified (filtered, reformatted) from the Unicode Character Database by generate.py;\n")
        f.write("# see LICENSE-Unicode.txt.\n")
        for a, b in rows:
            f.write("%04X\t%04X\n" % (a, b))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cmaps", default="/usr/share/poppler/cMap/Adobe-Japan1")
    ap.add_argument("--ucd", default="/usr/share/unicode")
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    a = ap.parse_args()

    parsed, skipped = load_cmaps(a.cmaps)
    names, plans = write_cmaps(parsed, os.path.join(a.out, "cmaps.bin"))
    for name in names:
        base, tr, own, _, _ = plans[name]
        how = "" if not base else " (base %s, %s)" % (base, TRANSFORM_NAMES[tr])
        print("cmap %-26s wmode %d, %5d own codes%s" % (name, parsed[name].wmode, len(own), how))
    for fname, ordering, cmaptype in skipped:
        print("skipped %-24s ordering %s, CMapType %s" % (fname, ordering, cmaptype))

    ucs2 = load_japan1_ucs2(os.path.join(a.cmaps, "Adobe-Japan1-UCS2"))
    chars, texts = japan1_tables(ucs2)
    write_japan1(chars, texts, os.path.join(a.out, "japan1_unicode.bin"))
    print("japan1: %d CIDs with one char, %d with longer text" % (len(chars), len(texts)))

    print("radicals: %d" % len(write_radicals(a.ucd, os.path.join(a.out, "radicals.tsv"))))
    print("compat ideographs: %d" % len(write_compat(a.ucd, os.path.join(a.out, "compat_ideographs.tsv"))))
    print("vertical forms: %d" % len(write_vertical(a.ucd, os.path.join(a.out, "vertical_forms.tsv"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
