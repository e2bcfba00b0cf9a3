// The benchmark's texts: one per kind of input a prompt may hold. Built fresh on each run,
// deterministically (same machine, same texts), with no content repeated to pad them out.

import { base64Run, cjkText, emojiText, letterRun, truncateToBytes, whitespaceText } from './generated_text.mjs';
import { cjkManPageLines, englishProse, rustSource, sha256 } from './local_text.mjs';

/** Full-size byte counts (MB = 1,000,000 bytes); `--quick` divides them by 10. */
const CASES = [
  {
    name: 'prose',
    bytes: 4_000_000,
    source: 'English: /usr/share/common-licenses, then man pages (man1-8, seeded order), paragraphs deduplicated',
    build: (bytes) => englishProse(bytes),
  },
  {
    name: 'code',
    bytes: 3_000_000,
    source: 'Rust: whole .rs files from ~/.cargo/registry/src, newest version of each crate, seeded order, deduplicated',
    build: (bytes) => rustSource(bytes),
  },
  {
    name: 'cjk',
    bytes: 2_000_000,
    source:
      'Chinese and Japanese: real lines of the zh_CN, zh_TW and ja man pages (~0.33 MB), then seeded order-2 character Markov text trained on them',
    build: (bytes) => cjkText(bytes, cjkManPageLines(), 3),
  },
  {
    name: 'emoji',
    bytes: 1_000_000,
    source: 'seeded emoji words: presentation emoji, skin tones, ZWJ sequences, flags, keycaps',
    build: (bytes) => emojiText(bytes, 4),
  },
  {
    name: 'whitespace',
    bytes: 2_000_000,
    source: 'seeded prose words between runs of spaces, tabs and newlines (1 to 5,000 long)',
    build: (bytes) => whitespaceText(bytes, proseWords(), 5),
  },
  {
    name: 'nospace-letters',
    bytes: 1_000_000,
    source: 'seeded random lowercase letters: a single pre-token, the quadratic case of BPE merging',
    build: (bytes) => letterRun(bytes, 6),
  },
  {
    name: 'nospace-base64',
    bytes: 1_000_000,
    source: 'base64 of seeded random bytes (a pasted data URL)',
    build: (bytes) => base64Run(bytes, 7),
  },
];

export const CASE_NAMES = CASES.map((c) => c.name);

/**
 * Builds the cases named in `only` (all when empty) at `scale` of full size. Each is
 * { name, source, text, bytes, sha256 }; `bytes` is the UTF-8 size actually built.
 */
export function buildCorpus({ scale = 1, only = [] } = {}) {
  return CASES.filter((c) => only.length === 0 || only.includes(c.name)).map(({ name, bytes, source, build }) => {
    const target = Math.round(bytes * scale);
    const text = truncateToBytes(build(target), target);
    return { name, source, text, bytes: Buffer.byteLength(text), sha256: sha256(text) };
  });
}

let words;
/** Distinct words of the prose, for the whitespace case. */
function proseWords() {
  words ??= [...new Set(englishProse(500_000).split(/\s+/).filter((w) => /^[\w.,;:()'"-]{1,20}$/.test(w)))];
  return words;
}
