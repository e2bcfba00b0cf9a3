// axe-core in the page under test: its source is evaluated through WebDriver's execute
// command (the page's CSP forbids inline scripts, but script the driver evaluates is not
// subject to it), then `axe.run` checks the whole document as it is at that moment.
//
// `expectNoAxeViolations(session, state)` fails on a violation of any impact, naming
// each rule, its impact and the elements (CSS selectors) it failed on.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './harness.mjs';

const AXE_SOURCE = readFileSync(join(REPO, 'tests', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/** At most this many failing elements are listed per rule (the count says how many in all). */
const TARGETS_SHOWN = 8;

/**
 * Runs axe on the page as it is now and returns its violations (every impact: minor,
 * moderate, serious, critical), as axe reports them. Injects axe once per page load.
 */
export async function axeViolations(session) {
  const present = await session.execute('return typeof window.axe === "object";');
  if (!present) await session.execute(`${AXE_SOURCE}\nreturn typeof window.axe;`);
  const result = await session.executeAsync(
    `const done = arguments[arguments.length - 1];
     window.axe
       .run(document, { resultTypes: ['violations'] })
       .then((r) => done({ violations: r.violations.map((v) => ({
         id: v.id,
         impact: v.impact,
         help: v.help,
         nodes: v.nodes.map((n) => ({ target: n.target.flat().join(' '), summary: n.failureSummary })),
       })) }))
       .catch((e) => done({ error: String(e && e.stack || e) }));`,
  );
  assert.ok(!result.error, `axe-core failed to run: ${result.error}`);
  return result.violations;
}

/** A person-readable list: one paragraph per rule, its failing elements indented below. */
export function describeViolations(violations) {
  return violations
    .map((v) => {
      const shown = v.nodes.slice(0, TARGETS_SHOWN).map((n) => {
        const why = (n.summary ?? '').split('\n').slice(1, 2).join('').trim();
        return `    ${n.target}${why ? `  (${why})` : ''}`;
      });
      const more = v.nodes.length > TARGETS_SHOWN ? [`    … and ${v.nodes.length - TARGETS_SHOWN} more`] : [];
      return [`  ${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} element(s)`, ...shown, ...more].join('\n');
    })
    .join('\n');
}

/** Fails when `violations` (from `axeViolations`) has any, naming `state` and each one. */
export function assertNoViolations(violations, state) {
  assert.equal(
    violations.length,
    0,
    `axe-core found ${violations.length} rule(s) violated on ${state}:\n${describeViolations(violations)}`,
  );
}

/** Fails unless axe finds nothing wrong with the page as it is now, in `state` (named in the message). */
export async function expectNoAxeViolations(session, state) {
  assertNoViolations(await axeViolations(session), state);
}
