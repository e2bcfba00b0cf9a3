// Real text found on this machine: English prose from the licences and man pages, Rust
// source from Cargo's registry, Chinese and Japanese from the translated man pages. Which
// files exist depends on what is installed, so results.json records each text's SHA-256.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { shuffled } from './seeded_random.mjs';

const LICENSES = '/usr/share/common-licenses';
const MAN = '/usr/share/man';
const ENGLISH_MAN_SECTIONS = ['man1', 'man2', 'man3', 'man4', 'man5', 'man6', 'man7', 'man8'];
const CJK_MAN_LANGUAGES = ['zh_CN', 'zh_TW', 'ja'];
const CARGO_REGISTRY = join(process.env.CARGO_HOME ?? join(homedir(), '.cargo'), 'registry', 'src');
/** Larger Rust files are mostly generated tables, not code a person writes. */
const MAX_RUST_FILE_BYTES = 100_000;
const SEED = 20251123;
/** Google Cloud SDK's generated pages are most of man1 here and would crowd out the rest. */
const SKIPPED_MAN_PAGES = /^(gcloud|bq|gsutil)[_.-]/;

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * English prose of at least `bytes` UTF-8 bytes (when the machine has that much): the
 * licences, then man pages in a seeded order, each paragraph kept once.
 */
export function englishProse(bytes) {
  const paragraphs = new UniqueParagraphs(bytes);
  for (const file of sortedFiles(LICENSES)) paragraphs.addText(readText(file));
  const pages = ENGLISH_MAN_SECTIONS.flatMap((section) => sortedFiles(join(MAN, section))).filter(
    (page) => !SKIPPED_MAN_PAGES.test(basename(page)),
  );
  for (const page of shuffled(pages, SEED)) {
    if (paragraphs.full()) break;
    const roff = readText(page);
    if (roff && !roff.startsWith('.so ')) paragraphs.addText(roffToText(roff));
  }
  return paragraphs.text();
}

/** Rust source of at least `bytes` bytes: whole files, one version per crate, seeded order. */
export function rustSource(bytes) {
  const files = shuffled(
    latestCrates().flatMap((crate) => sortedFiles(crate, { recursive: true }).filter((f) => f.endsWith('.rs'))),
    SEED,
  );
  const seen = new Set();
  const parts = [];
  let total = 0;
  for (const file of files) {
    if (total >= bytes) break;
    if (statSync(file).size > MAX_RUST_FILE_BYTES) continue;
    const text = readText(file);
    if (!text || text.trim() === '') continue;
    const digest = sha256(text);
    if (seen.has(digest)) continue;
    seen.add(digest);
    parts.push(text);
    total += Buffer.byteLength(text) + 1;
  }
  return parts.join('\n');
}

/**
 * Lines of the Chinese and Japanese man pages that are mostly CJK, each kept once, in
 * page order. Only about 0.2 MB exists locally, so generated_text.mjs extends it.
 */
export function cjkManPageLines() {
  const lines = [];
  const seen = new Set();
  for (const language of CJK_MAN_LANGUAGES) {
    for (const page of sortedFiles(join(MAN, language), { recursive: true })) {
      const roff = readText(page);
      if (!roff) continue;
      for (const line of roffToText(roff).split('\n')) {
        const trimmed = line.trim();
        const cjk = trimmed.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu)?.length ?? 0;
        if (cjk < 4 || cjk < trimmed.length * 0.3 || seen.has(trimmed)) continue;
        seen.add(trimmed);
        lines.push(trimmed);
      }
    }
  }
  return lines;
}

export function sha256(text) {
  return createHash('sha256').update(text).digest('hex');
}

/** Paragraphs (split at blank lines) kept the first time they occur, up to a byte budget. */
class UniqueParagraphs {
  #seen = new Set();
  #kept = [];
  #bytes = 0;
  #budget;

  constructor(budget) {
    this.#budget = budget;
  }

  full() {
    return this.#bytes >= this.#budget;
  }

  addText(text) {
    for (const paragraph of (text ?? '').split(/\n[ \t]*\n+/)) {
      if (this.full()) return;
      const body = paragraph.replace(/^\n+|\s+$/g, '');
      const key = body.replace(/\s+/g, ' ').trim();
      if (key.length < 2 || this.#seen.has(key)) continue;
      this.#seen.add(key);
      this.#kept.push(body);
      this.#bytes += Buffer.byteLength(body) + 2;
    }
  }

  text() {
    return this.#kept.join('\n\n');
  }
}

/**
 * The readable text of a man page: macro lines reduced to their words, font and
 * character escapes resolved or dropped. Rough, but everything it keeps is real text.
 */
export function roffToText(roff) {
  const out = [];
  for (const line of roff.split('\n')) {
    if (/^['.]\s*\\"/.test(line)) continue; // comment
    const macro = /^[.']\s*([A-Za-z]+)\s*(.*)$/.exec(line);
    if (macro) {
      const [, name, args] = macro;
      if (/^(SH|SS|PP|LP|P|TP|IP|sp|HP|Sh|Ss|Pp)$/.test(name)) out.push('');
      if (/^(B|I|BR|BI|IB|IR|RB|RI|SB|SM|SH|SS|Nm|Nd|Ar|Fl|Em|Sy)$/.test(name)) {
        out.push(unescapeRoff(args.replace(/"/g, '')));
      }
      continue;
    }
    if (/^[.']/.test(line)) continue; // other requests
    out.push(unescapeRoff(line));
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}

const ROFF_CHARS = {
  aq: "'", dq: '"', em: '—', en: '–', bu: '•', co: '©', lq: '“', rq: '”', oq: '‘', cq: '’',
  hy: '-', mi: '-', pl: '+', ga: '`', ha: '^', ti: '~', rs: '\\', 'at': '@', sh: '#', Fo: '«', Fc: '»',
};

function unescapeRoff(text) {
  return text
    .replace(/\\f(\[[^\]]*\]|\(..|.)/g, '')
    .replace(/\\\*(\[[^\]]*\]|\(..|.)/g, (_, name) => (/Aq/.test(name) ? "'" : ''))
    .replace(/\\\((..)/g, (_, name) => ROFF_CHARS[name] ?? '')
    .replace(/\\\[([^\]]*)\]/g, (_, name) => ROFF_CHARS[name] ?? '')
    .replace(/\\[sS][+-]?\d+/g, '')
    .replace(/\\[nwhvkoz]('[^']*'|\[[^\]]*\]|\(..|.)/g, '')
    .replace(/\\-/g, '-')
    .replace(/\\e/g, '\\')
    .replace(/\\[ ~0]/g, ' ')
    .replace(/\\[&|^c%:)dur]/g, '')
    .replace(/\\(.)/g, '$1');
}

/** The newest stored version of each crate in Cargo's registry (by name, then version). */
function latestCrates() {
  if (!existsSync(CARGO_REGISTRY)) return [];
  const latest = new Map();
  for (const index of sortedNames(CARGO_REGISTRY)) {
    for (const dir of sortedNames(join(CARGO_REGISTRY, index))) {
      const match = /^(.+?)-(\d+)\.(\d+)\.(\d+)(.*)$/.exec(dir);
      if (!match) continue;
      const [, name, ...version] = match;
      const key = version.slice(0, 3).map(Number);
      const best = latest.get(name);
      if (!best || compareVersions(key, best.key) > 0) latest.set(name, { key, path: join(CARGO_REGISTRY, index, dir) });
    }
  }
  return [...latest.keys()].sort().map((name) => latest.get(name).path);
}

function compareVersions(a, b) {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** A file's text with LF line ends and no leading byte-order mark; null unless UTF-8 text. */
function readText(path) {
  let bytes;
  try {
    bytes = readFileSync(path);
    if (path.endsWith('.gz')) bytes = gunzipSync(bytes);
  } catch {
    return null;
  }
  if (bytes.includes(0)) return null;
  let text;
  try {
    text = STRICT_UTF8.decode(bytes);
  } catch {
    return null;
  }
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

function sortedNames(dir) {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** Regular files under `dir`, sorted by path; symlinks are skipped. */
function sortedFiles(dir, { recursive = false } = {}) {
  const files = [];
  for (const name of sortedNames(dir)) {
    const path = join(dir, name);
    let entry;
    try {
      entry = statSync(path, { throwIfNoEntry: false });
    } catch {
      continue;
    }
    if (!entry) continue;
    if (entry.isFile()) files.push(path);
    else if (recursive && entry.isDirectory()) files.push(...sortedFiles(path, { recursive }));
  }
  return files;
}
