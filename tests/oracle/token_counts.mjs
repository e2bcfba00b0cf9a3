#!/usr/bin/env node
// Independent token-count oracle: counts every file in tests/tokens/corpus/ with
// gpt-tokenizer (a pure-JS port of tiktoken, unrelated to the tiktoken-rs code the app
// uses) and records the counts in tests/vectors/token_counts.json. A Rust test compares
// tiktoken-rs against that file.
//
//   node tests/oracle/token_counts.mjs           rewrite the vector file
//   node tests/oracle/token_counts.mjs --check   exit 1 if any count differs
//
// Counting rules, the same as the page and `llm-cost tokens`:
// - CRLF and lone CR become LF first (a <textarea> value only ever has LF);
// - text that looks like a special token (`<|endoftext|>`) is ordinary text.

import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as cl100k from 'gpt-tokenizer/encoding/cl100k_base';
import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import * as o200kHarmony from 'gpt-tokenizer/encoding/o200k_harmony';
import * as p50k from 'gpt-tokenizer/encoding/p50k_base';
import * as r50k from 'gpt-tokenizer/encoding/r50k_base';

const TESTS = join(import.meta.dirname, '..');
const CORPUS = join(TESTS, 'tokens', 'corpus');
const VECTORS = join(TESTS, 'vectors', 'token_counts.json');

export const ENCODINGS = {
  cl100k_base: cl100k,
  o200k_base: o200k,
  o200k_harmony: o200kHarmony,
  p50k_base: p50k,
  r50k_base: r50k,
};

/** gpt-tokenizer throws on special-token text unless nothing is disallowed. */
const ORDINARY_TEXT = { disallowedSpecial: new Set() };

export function normaliseLineEnds(text) {
  return text.replace(/\r\n?/g, '\n');
}

/** Exact count of `text` as ordinary text, after line-end normalisation. */
export function countTokens(text, encoding) {
  return ENCODINGS[encoding].encode(normaliseLineEnds(text), ORDINARY_TEXT).length;
}

export function gptTokenizerVersion() {
  const require = createRequire(import.meta.url);
  return require('gpt-tokenizer/package.json').version;
}

function computeVectors() {
  const files = {};
  // Dotfiles are not corpus entries; the Rust test skips them too.
  for (const name of readdirSync(CORPUS).filter((n) => !n.startsWith('.')).sort()) {
    const text = readFileSync(join(CORPUS, name), 'utf8');
    files[name] = Object.fromEntries(
      Object.keys(ENCODINGS)
        .sort()
        .map((enc) => [enc, countTokens(text, enc)]),
    );
  }
  return { files, gpt_tokenizer_version: gptTokenizerVersion() };
}

function main() {
  const fresh = JSON.stringify(computeVectors(), null, 2) + '\n';
  if (!process.argv.includes('--check')) {
    writeFileSync(VECTORS, fresh);
    console.log(`wrote ${VECTORS}`);
    return 0;
  }
  let current = '';
  try {
    current = readFileSync(VECTORS, 'utf8');
  } catch (err) {
    console.error(`cannot read ${VECTORS}: ${err.message}`);
    return 1;
  }
  if (current === fresh) {
    console.log(`token counts match ${VECTORS}`);
    return 0;
  }
  const was = JSON.parse(current);
  const now = JSON.parse(fresh);
  for (const name of new Set([...Object.keys(was.files ?? {}), ...Object.keys(now.files)])) {
    const a = JSON.stringify(was.files?.[name]);
    const b = JSON.stringify(now.files[name]);
    if (a !== b) console.error(`${name}: recorded ${a}, computed ${b}`);
  }
  if (was.gpt_tokenizer_version !== now.gpt_tokenizer_version) {
    console.error(
      `gpt_tokenizer_version: recorded ${was.gpt_tokenizer_version}, installed ${now.gpt_tokenizer_version}`,
    );
  }
  console.error('token counts are stale: run node tests/oracle/token_counts.mjs');
  return 1;
}

// Only run when executed, so the e2e tests can import countTokens.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exit(main());
}
