import { describe, expect, it } from 'vitest';
import { oneLine, printable } from '../../src/cli/messages.js';
import { closestName, editDistance } from '../../src/cli/suggest.js';

describe('terminal safety and one-line messages', () => {
  it('escapes control characters, so a label cannot retitle or rewrite the terminal', () => {
    expect(printable('\u001b]0;pwned-title\u0007')).toBe('\\x1b]0;pwned-title\\x07');
    expect(printable('b\rFAKE: 0 wrong pixels')).toBe('b\\x0dFAKE: 0 wrong pixels');
    expect(printable('é ✓ a')).toBe('é ✓ a');
  });

  it('joins a validation error into one line and words engine errors', () => {
    expect(oneLine(new Error('invalid spec:\n✖ Too small\n  → at training.epochs'))).toBe('invalid spec: ✖ Too small → at training.epochs');
    expect(oneLine(new RangeError('Invalid typed array length: 40000000000'))).toMatch(/^not enough memory for what was asked/);
  });
});

describe('command suggestions', () => {
  it('finds the nearest command within two edits', () => {
    expect(editDistance('evl', 'eval')).toBe(1);
    expect(editDistance('trian', 'train')).toBe(1);
    expect(closestName('evl', ['train', 'eval', 'encode'])).toBe('eval');
    expect(closestName('samp', ['sample', 'sweep'])).toBe('sample');
    expect(closestName('frobnicate', ['train', 'eval'])).toBeUndefined();
  });
});
