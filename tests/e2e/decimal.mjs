// Exact comparison of decimal strings such as "0.130" and "0.13": money is never turned
// into binary floating point, where 0.1 + 0.2 != 0.3.

import assert from 'node:assert/strict';

const PLAIN_DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Parses a plain decimal (no exponent, no separators) into a scaled BigInt. */
function parse(text) {
  const match = PLAIN_DECIMAL.exec(text ?? '');
  assert.ok(match, `not a plain decimal string: ${JSON.stringify(text)}`);
  const [, sign, whole, fraction = ''] = match;
  return { units: BigInt(sign + whole + fraction), scale: fraction.length };
}

/** The canonical spelling of a decimal: "0.1300" and "00.13" both become "0.13". */
export function normaliseDecimal(text) {
  const { units, scale } = parse(text);
  const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  return (units < 0n ? '-' : '') + whole + (fraction ? `.${fraction}` : '');
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compareDecimal(a, b) {
  const x = parse(a);
  const y = parse(b);
  const scale = Math.max(x.scale, y.scale);
  const left = x.units * 10n ** BigInt(scale - x.scale);
  const right = y.units * 10n ** BigInt(scale - y.scale);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Asserts two decimal strings are the same number, whatever their trailing zeros. */
export function assertSameDecimal(actual, expected, message) {
  assert.equal(normaliseDecimal(actual), normaliseDecimal(expected), message);
}
