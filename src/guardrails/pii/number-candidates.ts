import { isDigit, isWordCharacter } from './char-classes.js';

/** A run of digit groups that might be a card, an SSN or a phone number. */
export interface NumberCandidate {
  /** Offset of the first character (`+`, `(` or a digit). */
  start: number;
  /** Offset after the last digit (or the closing parenthesis). */
  end: number;
  /** The digit groups in order. */
  groups: string[];
  /** `separators[k]` is the text between group k-1 and group k (`separators[0]` is empty). */
  separators: string[];
  /** The run starts with `+` (an international prefix). */
  plus: boolean;
  /** Indices of the groups written in parentheses: `(415)`, `(0)`. */
  parenthesized: number[];
  /** A parenthesis was opened and never closed. */
  malformed: boolean;
  /** Glued to a word, an amount, a time or a path on either side (`PO-123`, `$1`, `v1.2`, `12:30`). */
  attached: boolean;
}

const GAP_CHARACTERS = new Set([' ', '\u00a0', '-', '.']);
const MAX_GAP = 3;
/** Characters that make a following number part of an id or an amount (`#1234`, `$12`, `@2x`). */
const PREFIX_SYMBOLS = new Set(['#', '$', '€', '£', '¥', '@', '_']);

function isDigitAt(text: string, index: number): boolean {
  return index >= 0 && index < text.length && isDigit(text.charCodeAt(index));
}

/** Whether the number between `start` and `end` is glued to the text around it. */
function isAttached(text: string, start: number, end: number): boolean {
  const before = text[start - 1];
  if (before !== undefined) {
    if (isWordCharacter(text, start - 1) || PREFIX_SYMBOLS.has(before)) return true;
    if ((before === '-' || before === '.' || before === '/') && isWordCharacter(text, start - 2)) return true;
    if ((before === ':' || before === ',') && isDigitAt(text, start - 2)) return true;
  }
  const after = text[end];
  if (after !== undefined) {
    if (isWordCharacter(text, end)) return true;
    if ((after === '-' || after === '/') && isWordCharacter(text, end + 1)) return true;
    if ((after === '.' || after === ':' || after === ',') && isDigitAt(text, end + 1)) return true;
    if (after === '%') return true;
  }
  return false;
}

/** No kind of personal data has fewer digits than this (an SSN has 9, a phone number at least 8). */
const MIN_DIGITS = 8;

/**
 * Every run of digit groups in `text` with at least eight digits, in one left-to-right pass:
 * groups joined by at most three of space, dash or dot, a group may sit in parentheses, a leading
 * `+` is kept. Each character is looked at a bounded number of times, and shorter runs allocate
 * nothing, so the scan is linear in the length of the text.
 */
export function findNumberCandidates(text: string): NumberCandidate[] {
  const candidates: NumberCandidate[] = [];
  const length = text.length;
  // Group boundaries of the run being read, reused across runs.
  const groupStarts: number[] = [];
  const groupEnds: number[] = [];
  const separatorStarts: number[] = [];
  const parenthesized: number[] = [];
  let index = 0;
  while (index < length) {
    const code = text.charCodeAt(index);
    const startsGroup =
      isDigit(code) ||
      (code === 43 /* + */ &&
        (isDigitAt(text, index + 1) || (text[index + 1] === '(' && isDigitAt(text, index + 2)))) ||
      (code === 40 /* ( */ && isDigitAt(text, index + 1));
    if (!startsGroup) {
      index++;
      continue;
    }
    let start = index;
    const plus = code === 43;
    if (plus) index++;
    groupStarts.length = 0;
    groupEnds.length = 0;
    separatorStarts.length = 0;
    parenthesized.length = 0;
    let digitCount = 0;
    let malformed = false;
    let end = index;
    let separatorStart = -1;
    for (;;) {
      let inParentheses = false;
      if (text[index] === '(') {
        inParentheses = true;
        index++;
      }
      const groupStart = index;
      while (index < length && isDigit(text.charCodeAt(index))) index++;
      groupStarts.push(groupStart);
      groupEnds.push(index);
      separatorStarts.push(separatorStart);
      digitCount += index - groupStart;
      if (inParentheses) {
        if (text[index] === ')') {
          parenthesized.push(groupStarts.length - 1);
          index++;
        } else if (groupStarts.length === 1 && !plus) {
          // "(370-94-9531)": the parenthesis encloses the whole number, not an area code.
          start = groupStart;
          inParentheses = false;
        } else malformed = true;
      }
      end = index;
      let gapEnd = index;
      while (gapEnd < length && gapEnd - index < MAX_GAP && GAP_CHARACTERS.has(text[gapEnd] as string))
        gapEnd++;
      const nextIsGroup =
        isDigitAt(text, gapEnd) || (text[gapEnd] === '(' && isDigitAt(text, gapEnd + 1) && !inParentheses);
      const gapAllowed = gapEnd > index || inParentheses || text[gapEnd] === '(';
      if (!nextIsGroup || !gapAllowed || malformed) break;
      separatorStart = index;
      index = gapEnd;
    }
    if (digitCount >= MIN_DIGITS) {
      const groups: string[] = [];
      const separators: string[] = [];
      for (let group = 0; group < groupStarts.length; group++) {
        groups.push(text.slice(groupStarts[group], groupEnds[group]));
        const from = separatorStarts[group] as number;
        separators.push(
          from === -1
            ? ''
            : text.slice(
                from,
                (groupStarts[group] as number) - (text[(groupStarts[group] as number) - 1] === '(' ? 1 : 0),
              ),
        );
      }
      candidates.push({
        start,
        end,
        groups,
        separators,
        plus,
        parenthesized: [...parenthesized],
        malformed,
        attached: isAttached(text, start, end),
      });
    }
    index = Math.max(end, start + 1);
  }
  return candidates;
}
