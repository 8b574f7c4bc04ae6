/**
 * What the terminal may show of text that came from outside (labels, file contents, error
 * messages quoting them): control characters written as escapes (\x1b, \r, \u0007 ...), so no
 * escape sequence retitles the terminal or overwrites a line.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * An error as one line a person can act on: its lines joined, printable, with the engine's
 * few raw messages (from V8 and SQLite) said in words.
 */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // A validation error lists one problem a line ("✖ ... → at training.epochs"): joined into one.
  const first = message.split('\n').map((line) => line.trim()).filter((line) => line !== '').join(' ') || 'failed';
  if (/Invalid typed array length|Array buffer allocation failed|Invalid array length/.test(first)) {
    return `not enough memory for what was asked (${printable(first)}); ask for fewer epochs, copies, steps or seeds, or a smaller size`;
  }
  if (/Maximum call stack size exceeded/.test(first)) return 'the input is too large to handle (too many items at once); ask for fewer';
  return printable(first);
}
