#!/bin/sh
# Regenerates mecab-ipadic-2.7.0-20070801.tar.zst and COPYING from Debian's
# `mecab-ipadic` package (2.7.0-20070801+main-3: upstream 2.7.0-20070801 plus
# Debian's 令和 entry in Noun.proper.csv). Files are kept byte-for-byte (EUC-JP).
# Usage: apt-get install mecab-ipadic zstd && sh dictionaries/ipadic/make-archive.sh
set -eu
src=${IPADIC_DIR:-/usr/share/mecab/dic/ipadic}
here=$(cd "$(dirname "$0")" && pwd)
cd "$src"
tar --sort=name --mtime=2007-08-01 --owner=0 --group=0 --numeric-owner -cf - \
    *.csv *.def dicrc | zstd -19 -T1 -q -f -o "$here/mecab-ipadic-2.7.0-20070801.tar.zst"
cp /usr/share/doc/mecab-ipadic/copyright "$here/COPYING"
ls -l "$here/mecab-ipadic-2.7.0-20070801.tar.zst"
