// The page's token counts equal gpt-tokenizer's (OpenAI's encodings) and each open-weight
// package's own tokenizer's, implementations independent of the page's, for prompts in
// many scripts and shapes.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO, screenshot } from './harness.mjs';
import { countTokens } from './oracle.mjs';
import { openApp } from './page.mjs';

const CORPUS = join(REPO, 'tests', 'tokens', 'corpus');
// Open-weight vocabularies' counts by each package's own tokenizer
// (tests/oracle/open_weight_counts.py): mistral-common, llama-models, Hugging Face tokenizers.
const OPEN_WEIGHT = JSON.parse(
  readFileSync(join(REPO, 'tests', 'vectors', 'token_counts_open_weight.json'), 'utf8'),
).files;
// Gemma 3's counts by Python sentencepiece on the model Google's SDK uses for Gemini
// (tests/oracle/gemma_counts.py).
const GEMMA = JSON.parse(readFileSync(join(REPO, 'tests', 'vectors', 'token_counts_gemma.json'), 'utf8')).files;
const TOKENIZERS = ['o200k_base', 'o200k_harmony', 'cl100k_base', 'p50k_base', 'r50k_base'];

// The small corpus files; the large ones are counted by the Rust test instead. Not
// mixed_scripts.txt: its mid-text BOM is where gpt-tokenizer departs from tiktoken
// (see tests/token_vectors.rs).
const FILES = [
  'prose_en.txt',
  'special_tokens.txt',
  'chinese.txt',
  'japanese.txt',
  'korean.txt',
  'emoji.txt',
  'code_rust.rs',
  'code_python.py',
  'data.json',
  'notes.md',
  'crlf.txt',
  'cr_mixed.txt',
  'whitespace_runs.txt',
  'digits.txt',
];

let app;
let page;

before(async () => {
  ({ app, page } = await openApp('tokens'));
});

after(() => app?.close());

function expectedCounts(text) {
  return Object.fromEntries(TOKENIZERS.map((tokenizer) => [tokenizer, countTokens(text, tokenizer)]));
}

async function assertCountsFor(text) {
  await page.setPrompt(text);
  await page.waitForTokenCounts(expectedCounts(text));
}

for (const file of FILES) {
  test(`counts ${file} as gpt-tokenizer, the open-weight packages and sentencepiece do`, async () => {
    const text = readFileSync(join(CORPUS, file), 'utf8');
    await page.setPrompt(text);
    await page.waitForTokenCounts({ ...expectedCounts(text), ...OPEN_WEIGHT[file], ...GEMMA[file] });
  });
}

test('counts special-token text typed inline as ordinary text', async () => {
  const text = 'Reply, then write <|endoftext|> and <|im_start|>user on a new line.<|fim_prefix|>';
  const counts = expectedCounts(text);
  // As special tokens these three would be 3 tokens of the total; as text they are many more.
  assert.ok(counts.o200k_base > 20);
  await assertCountsFor(text);
});

test('counts a mixed CJK prompt', async () => {
  await assertCountsFor('日本語の文章と中文句子와 한국어 문장을 섞은 프롬프트입니다。价格是多少？');
  await screenshot(app.session, 'tokens-cjk');
});

test('counts an emptied prompt as zero tokens', async () => {
  await page.setPrompt('something first');
  await page.waitForTokenCounts(expectedCounts('something first'));
  await page.setPrompt('');
  await page.waitForTokenCounts(
    Object.fromEntries(
      [...TOKENIZERS, ...Object.keys(OPEN_WEIGHT['prose_en.txt']), 'gemma3'].map((t) => [t, 0]),
    ),
  );
});
