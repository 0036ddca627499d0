// Character tests shared by the PII scanners. They look at one UTF-16 unit at a time, so the
// scanners stay single passes without regular-expression backtracking.

const LETTER = /\p{L}/u;

/** An ASCII digit. */
export function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** An ASCII letter. */
export function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** A letter of any script (ASCII fast path). */
export function isLetter(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (isAsciiLetter(code)) return true;
  if (code < 128 || Number.isNaN(code)) return false;
  return LETTER.test(text[index] ?? '');
}

/** A letter, a digit or an underscore: a character that glues a number into an identifier. */
export function isWordCharacter(text: string, index: number): boolean {
  if (index < 0 || index >= text.length) return false;
  const code = text.charCodeAt(index);
  return isDigit(code) || code === 95 || isLetter(text, index);
}
