// The independent answers the page is checked against: gpt-tokenizer for token counts
// (via the token-count oracle) and genai-prices itself for prices (via calc_now.py).

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './harness.mjs';

export { countTokens } from '../oracle/token_counts.mjs';

const PYTHON = join(REPO, '.venv-oracle', 'bin', 'python');
const CALC_NOW = join(REPO, 'tests', 'oracle', 'calc_now.py');

/**
 * Prices each usage at today's prices with genai-prices. `usages` are objects in the
 * `llm-cost price` input format, except that `model` may be a full `provider/model` id.
 * Returns the answers in order; throws if any usage could not be priced.
 */
export function oraclePrices(usages) {
  const lines = usages.map(({ model, ...usage }) => {
    const slash = model.indexOf('/');
    return JSON.stringify({ ...usage, provider: model.slice(0, slash), model: model.slice(slash + 1) });
  });
  const run = spawnSync(PYTHON, [CALC_NOW], { input: lines.join('\n') + '\n', encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`calc_now.py failed (${run.status}): ${run.stderr}`);
  const answers = run.stdout.trim().split('\n').map((line) => JSON.parse(line));
  answers.forEach((answer, i) => {
    if (answer.error) throw new Error(`oracle cannot price ${lines[i]}: ${answer.error}`);
  });
  return answers;
}
