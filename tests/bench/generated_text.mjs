// Seeded synthetic text for the cases no local file covers at size: more Chinese and
// Japanese, emoji, whitespace runs and long runs with no spaces. Same seed, same text.

import { seededRandom } from './seeded_random.mjs';

/**
 * `realLines` (real CJK text) followed by text from an order-2 character Markov chain
 * trained on those lines, so that the extension keeps their character and word
 * frequencies without repeating them.
 */
export function cjkText(bytes, realLines, seed) {
  const random = seededRandom(seed);
  const corpus = realLines.join('\n') + '\n';
  const chars = [...corpus];
  const next = new Map(); // two characters -> every character seen after them
  const starts = [];
  for (let i = 0; i + 2 < chars.length; i++) {
    const key = chars[i] + chars[i + 1];
    if (i === 0 || chars[i - 1] === '\n') starts.push(key);
    let followers = next.get(key);
    if (!followers) next.set(key, (followers = []));
    followers.push(chars[i + 2]);
  }
  const parts = [corpus];
  let total = Buffer.byteLength(corpus);
  while (total < bytes) {
    let line = random.pick(starts);
    for (let length = 0; length < 400; length++) {
      const followers = next.get(line.slice(-2));
      if (!followers) break;
      const char = random.pick(followers);
      if (char === '\n') break;
      line += char;
    }
    parts.push(line + '\n');
    total += Buffer.byteLength(line) + 1;
  }
  return truncateToBytes(parts.join(''), bytes);
}

/** Emoji in "words" of one to six, with skin tones, ZWJ sequences, flags and keycaps. */
export function emojiText(bytes, seed) {
  const random = seededRandom(seed);
  const { plain, modifiable } = emojiPool();
  const oneEmoji = () => {
    const roll = random.next();
    if (roll < 0.6) return random.pick(plain);
    if (roll < 0.75) return random.pick(modifiable) + String.fromCodePoint(random.int(0x1f3fb, 0x1f3ff));
    if (roll < 0.88) {
      const joined = [random.pick(plain), random.pick(plain), random.pick(plain)];
      return joined.slice(0, random.int(2, 3)).join('\u200d');
    }
    if (roll < 0.96) return regionalIndicator(random.int(0, 25)) + regionalIndicator(random.int(0, 25));
    return `${random.int(0, 9)}\ufe0f\u20e3`;
  };
  const parts = [];
  let total = 0;
  while (total < bytes) {
    const count = random.int(1, 6);
    let text = '';
    for (let i = 0; i < count; i++) text += oneEmoji();
    text += random.chance(0.1) ? '\n' : random.chance(0.05) ? '! ' : ' ';
    parts.push(text);
    total += Buffer.byteLength(text);
  }
  return truncateToBytes(parts.join(''), bytes);
}

/** Words from `words` separated by whitespace runs of every kind, a few thousands long. */
export function whitespaceText(bytes, words, seed) {
  const random = seededRandom(seed);
  const run = (chars, low, high) => {
    let out = '';
    const length = random.int(low, high);
    for (let i = 0; i < length; i++) out += random.pick(chars);
    return out;
  };
  const gap = () => {
    const roll = random.next();
    if (roll < 0.45) return ' ';
    if (roll < 0.65) return run([' '], 2, 16);
    if (roll < 0.75) return run([' '], 17, 400);
    if (roll < 0.85) return run(['\n'], 1, 3) + run([' ', '\t'], 0, 64);
    if (roll < 0.92) return run(['\t'], 1, 20);
    if (roll < 0.99) return run([' ', '\t', '\n'], 2, 200);
    return run([' '], 1000, 5000);
  };
  const parts = [];
  let total = 0;
  while (total < bytes) {
    const part = random.pick(words) + gap();
    parts.push(part);
    total += Buffer.byteLength(part);
  }
  return truncateToBytes(parts.join(''), bytes);
}

/** Exactly `bytes` random lowercase letters: one pre-token, the worst case for BPE merging. */
export function letterRun(bytes, seed) {
  const random = seededRandom(seed);
  const out = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) out[i] = 0x61 + random.int(0, 25);
  return out.toString('latin1');
}

/** Exactly `bytes` of base64 of seeded random bytes, like a pasted data URL. */
export function base64Run(bytes, seed) {
  const random = seededRandom(seed);
  const raw = Buffer.alloc(Math.ceil((bytes * 3) / 4) + 3);
  for (let i = 0; i < raw.length; i++) raw[i] = random.int(0, 255);
  return raw.toString('base64').slice(0, bytes);
}

/** The longest prefix of `text` of at most `bytes` UTF-8 bytes that ends on a whole character. */
export function truncateToBytes(text, bytes) {
  const buffer = Buffer.from(text);
  if (buffer.length <= bytes) return text;
  let end = bytes;
  while (end > 0 && (buffer[end] & 0xc0) === 0x80) end--;
  return buffer.subarray(0, end).toString();
}

/** Emoji that show as emoji by default, and those that take a skin tone. */
function emojiPool() {
  const plain = [];
  const modifiable = [];
  for (const [low, high] of [[0x2600, 0x27bf], [0x1f300, 0x1faff]]) {
    for (let code = low; code <= high; code++) {
      const char = String.fromCodePoint(code);
      if (/\p{Emoji_Modifier_Base}/u.test(char)) modifiable.push(char);
      if (/\p{Emoji_Presentation}/u.test(char) && !/\p{Emoji_Modifier}/u.test(char)) plain.push(char);
    }
  }
  return { plain, modifiable };
}

function regionalIndicator(letter) {
  return String.fromCodePoint(0x1f1e6 + letter);
}

