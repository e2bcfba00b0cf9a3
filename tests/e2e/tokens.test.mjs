// The page's token counts equal gpt-tokenizer's, an implementation independent of the
// tiktoken-rs code the page runs, for prompts in many scripts and shapes.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launch, REPO, screenshot } from './harness.mjs';
import { countTokens } from './oracle.mjs';
import { AppPage } from './page.mjs';

const CORPUS = join(REPO, 'tests', 'tokens', 'corpus');
const TOKENIZERS = ['o200k_base', 'cl100k_base'];

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
  app = await launch('tokens');
  page = new AppPage(app.session);
  await page.open(app.server.appUrl);
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
  test(`counts ${file} as gpt-tokenizer does`, async () => {
    await assertCountsFor(readFileSync(join(CORPUS, file), 'utf8'));
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
  await page.waitForTokenCounts({ o200k_base: 0, cl100k_base: 0 });
});
