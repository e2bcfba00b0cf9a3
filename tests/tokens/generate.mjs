#!/usr/bin/env node
// Writes the corpus files that are too long or too repetitive to write by hand.
// They are committed (the Rust test reads the corpus straight from disk); this script
// says how they were made, and `--check` fails when a committed copy has drifted.
//
//   node tests/tokens/generate.mjs           rewrite them
//   node tests/tokens/generate.mjs --check   exit 1 if any differs

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CORPUS = join(import.meta.dirname, 'corpus');

// xorshift32: a fixed seed gives the same bytes on every machine and Node version.
function* xorshift32(seed) {
  let x = seed >>> 0;
  for (;;) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    yield x;
  }
}

function randomBytes(n, seed) {
  const rng = xorshift32(seed);
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = rng.next().value & 0xff;
  return out;
}

const GENERATED = {
  // The regexes' `\s+(?!\S)` branch on a long run with nothing after it.
  'spaces_only.txt': () => ' '.repeat(5000),

  // Long runs of each kind of whitespace, with words between so they split differently.
  'whitespace_runs.txt': () =>
    [
      ' '.repeat(5000) + 'after-spaces',
      '\t'.repeat(3000) + 'after-tabs',
      '\n'.repeat(2000) + 'after-newlines',
      ' \t\n'.repeat(500) + 'after-mix',
      'word' + ' '.repeat(7) + 'word' + '\t\t' + 'word\n\n\n\nword',
      ' '.repeat(1000),
    ].join(''),

  // Digit runs: the tokenizers split digits in groups of up to three.
  'digits.txt': () => {
    const rng = xorshift32(20250601);
    let run = '';
    for (let i = 0; i < 10000; i++) run += String(rng.next().value % 10);
    return [
      run,
      '0'.repeat(999),
      '1,234,567.89 -42 +7 3.14159265358979 6.022e23 0x1F4A9 0b1011 1_000_000',
      '2025-06-01T09:30:00Z 12:34:56 +1 (555) 010-9999 192.168.0.1 v1.2.3',
      '١٢٣٤٥ ০১২৩৪ ๑๒๓๔๕ ①②③ ½ ¾ Ⅻ',
      '',
    ].join('\n');
  },

  // ~200 KB with no whitespace at all, like a pasted data URL. Base64 keeps the
  // regex pieces short; one 200 KB letter run would make BPE quadratic in any tokenizer.
  'no_spaces_200k.txt': () =>
    'data:application/octet-stream;base64,' +
    randomBytes(150_000, 0x5eed).toString('base64'),
};

const check = process.argv.includes('--check');
let stale = 0;
for (const [name, make] of Object.entries(GENERATED)) {
  const path = join(CORPUS, name);
  const text = make();
  if (!check) {
    writeFileSync(path, text);
    continue;
  }
  let current = null;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    // reported as stale below
  }
  if (current !== text) {
    console.error(`stale: ${path} (run node tests/tokens/generate.mjs)`);
    stale++;
  }
}
process.exit(stale ? 1 : 0);
