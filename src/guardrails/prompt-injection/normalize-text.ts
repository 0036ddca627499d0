import { CONFUSABLES, LEET } from './confusables.js';

/** A text reduced to the words a phrase rule looks at, and how much it was disguised. */
export interface NormalizedText {
  /** Lower-cased words without accents, look-alikes or digits-for-letters; `''` marks a sentence end, `?` a question mark. */
  words: string[];
  /** `shouted[i]`: words[i] was written in capitals (two letters or more). */
  shouted: boolean[];
  /** `capitalized[i]`: words[i] began with a capital letter (a likely sentence start). */
  capitalized: boolean[];
  /** Words that had to be undone: spaced letters (`i g n o r e`), look-alike letters, digits for letters, invisible characters. */
  disguises: { spacedLetters: number; lookAlikes: number; leet: number; invisible: number };
}

/** Words the rules know: disguises count only when undoing them yields one. */
export interface NormalizeVocabulary {
  /** Splits joined spaced-out letters into words, or returns null. */
  segment?: (joined: string) => string[] | null;
  /** Whether a word appears in the rules. */
  isKnown?: (word: string) => boolean;
}

const NON_ASCII_WORD_CHARACTER = /[\p{L}\p{N}]/u;
const NON_ASCII = /[^\t\n\r\x20-\x7e]/;
const MARKS_AND_INVISIBLES = /[\u0300-\u036f\u200b-\u200d\u2060-\u2064\ufeff\u00ad]/g;
const APOSTROPHES = /['’‘`ʼ]/g;
const LATIN_LETTER = /[a-z]/;
/** Characters that may sit between spaced-out letters (`i.g.n.o.r.e`, `i-g-n-o-r-e`). */
const LETTER_SPACERS = new Set([' ', '.', '-', '_', '*', '·', '\t']);
const MIN_SPACED_RUN = 4;

const WORD = 0;
const SENTENCE_END = 1;
const QUESTION = 2;

/** Tokens as parallel arrays: kind, start and end offsets, and whether the word needs the slow path. */
interface Tokens {
  count: number;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  special: Uint8Array;
}

function isAsciiWordCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Combining accents and invisible characters: skipped inside words (and removed from them later). */
function isSkipped(code: number): boolean {
  return (
    (code >= 0x300 && code <= 0x36f) ||
    (code >= 0x200b && code <= 0x200d) ||
    (code >= 0x2060 && code <= 0x2064) ||
    code === 0xfeff ||
    code === 0xad
  );
}

function isWordCode(text: string, index: number, code: number): boolean {
  return isAsciiWordCode(code) || (code >= 128 && NON_ASCII_WORD_CHARACTER.test(text[index] as string));
}

/** One pass over the text: words (apostrophes, `@` and `$` inside kept), sentence ends, question marks. */
function tokenize(text: string, disguises: NormalizedText['disguises']): Tokens {
  const capacity = text.length + 1;
  const tokens: Tokens = {
    count: 0,
    kind: new Uint8Array(capacity),
    start: new Int32Array(capacity),
    end: new Int32Array(capacity),
    special: new Uint8Array(capacity),
  };
  const add = (kind: number, start: number, end: number, special: boolean) => {
    const at = tokens.count++;
    tokens.kind[at] = kind;
    tokens.start[at] = start;
    tokens.end[at] = end;
    tokens.special[at] = special ? 1 : 0;
  };
  let start = -1;
  let special = false;
  const length = text.length;
  for (let index = 0; index <= length; index++) {
    const code = index < length ? text.charCodeAt(index) : 32;
    if (code >= 0xad && isSkipped(code)) {
      if (code >= 0x200b || code === 0xad) disguises.invisible++;
      if (start !== -1) special = true;
      continue;
    }
    const wordCharacter = isWordCode(text, index, code);
    if (wordCharacter) {
      if (start === -1) start = index;
      if (code < 65 || code >= 128) special = true;
      continue;
    }
    const next = index + 1 < length ? text.charCodeAt(index + 1) : 32;
    if (start !== -1) {
      // Apostrophes, `@` and `$` stay inside a word; a dot inside a token (`example.com`) ends no sentence.
      const inner =
        code === 39 ||
        code === 0x2019 ||
        code === 0x2018 ||
        code === 96 ||
        code === 0x2bc ||
        code === 64 ||
        code === 36;
      if (inner && isWordCode(text, index + 1, next)) {
        special = true;
        continue;
      }
      add(WORD, start, index, special);
      start = -1;
      special = false;
      if (code === 46 && isWordCode(text, index + 1, next)) continue;
    }
    if (code === 63 || code === 0xff1f || code === 0xbf) add(QUESTION, 0, 0, false);
    else if (
      code === 46 ||
      code === 33 ||
      code === 59 ||
      code === 10 ||
      code === 0x3002 ||
      code === 0xff01 ||
      code === 0x2026
    ) {
      if (tokens.count > 0 && tokens.kind[tokens.count - 1] === WORD) add(SENTENCE_END, 0, 0, false);
    }
  }
  return tokens;
}

/** Maps look-alike letters of a word to Latin ones when the word mixes scripts, or when the result is a known word. */
function undoLookAlikes(word: string, isKnown: (word: string) => boolean): string | null {
  let hasLatin = false;
  let hasLookAlike = false;
  let allLookAlike = true;
  for (const character of word) {
    if (LATIN_LETTER.test(character)) hasLatin = true;
    else if (CONFUSABLES.has(character)) hasLookAlike = true;
    else allLookAlike = false;
  }
  if (!hasLookAlike || (!hasLatin && !allLookAlike)) return null;
  let result = '';
  for (const character of word) result += CONFUSABLES.get(character) ?? character;
  return hasLatin || isKnown(result) ? result : null;
}

/** Maps digits and symbols written for letters (`1gn0r3`) when letters outnumber them. */
function undoLeet(word: string): string | null {
  let letters = 0;
  let leet = 0;
  for (const character of word) {
    if (LEET.has(character)) leet++;
    else if (/\p{L}/u.test(character)) letters++;
  }
  if (leet === 0 || letters < 2 || letters < leet) return null;
  let result = '';
  for (const character of word) result += LEET.get(character) ?? character;
  return result;
}

/** Whether only spacers lie between two words: `i g n o r e`, `i.g.n.o.r.e`. */
function onlySpacersBetween(text: string, from: number, to: number): boolean {
  if (to - from < 1 || to - from > 3) return false;
  for (let index = from; index < to; index++) if (!LETTER_SPACERS.has(text[index] as string)) return false;
  return true;
}

/**
 * Reduces a text to words for phrase matching: Unicode compatibility forms folded (fullwidth and
 * mathematical letters become plain ones), accents dropped, look-alike letters from other scripts
 * and digits written for letters undone, invisible characters removed, apostrophes dropped
 * (`don't` -> `dont`), spaced-out letters joined (`i g n o r e` -> `ignore`), everything lower-cased.
 * Sentence ends become `''` so phrase gaps never cross them. Linear in the length of the text.
 */
export function normalizeText(text: string, vocabulary: NormalizeVocabulary = {}): NormalizedText {
  const isKnown = vocabulary.isKnown ?? (() => false);
  const disguises = { spacedLetters: 0, lookAlikes: 0, leet: 0, invisible: 0 };
  // Plain ASCII is already in its decomposed form.
  let cleaned = NON_ASCII.test(text) ? text.normalize('NFKD') : text;
  let lowered = cleaned.toLowerCase();
  if (lowered.length !== cleaned.length) {
    // A few letters change length when lower-cased (U+0130); keep offsets aligned by folding them first.
    cleaned = cleaned.replace(/\u0130/g, 'I');
    lowered = cleaned.toLowerCase();
    if (lowered.length !== cleaned.length) lowered = cleaned;
  }
  const tokens = tokenize(cleaned, disguises);
  const words: string[] = [];
  const shouted: boolean[] = [];
  const capitalized: boolean[] = [];
  const push = (word: string, isShouted: boolean, isCapitalized: boolean) => {
    words.push(word);
    shouted.push(isShouted);
    capitalized.push(isCapitalized);
  };
  const { kind, start, end, special } = tokens;
  let index = 0;
  while (index < tokens.count) {
    if (kind[index] === QUESTION) {
      push('?', false, false);
      index++;
      continue;
    }
    if (kind[index] === SENTENCE_END) {
      if (words.length > 0 && words[words.length - 1] !== '' && words[words.length - 1] !== '?')
        push('', false, false);
      index++;
      continue;
    }
    const tokenStart = start[index] as number;
    const tokenEnd = end[index] as number;
    // A run of single letters separated only by spacers is one disguised word (or several).
    let runEnd = index;
    if (tokenEnd - tokenStart === 1) {
      while (
        runEnd + 1 < tokens.count &&
        kind[runEnd + 1] === WORD &&
        (end[runEnd + 1] as number) - (start[runEnd + 1] as number) === 1 &&
        onlySpacersBetween(cleaned, end[runEnd] as number, start[runEnd + 1] as number)
      ) {
        runEnd++;
      }
    }
    if (runEnd - index + 1 >= MIN_SPACED_RUN) {
      let joined = '';
      for (let position = index; position <= runEnd; position++) joined += lowered[start[position] as number];
      const parts = vocabulary.segment?.(joined) ?? null;
      if (parts !== null && parts.length >= 2) disguises.spacedLetters++;
      for (const part of parts ?? [joined]) push(part, false, false);
      index = runEnd + 1;
      continue;
    }
    let word = lowered.slice(tokenStart, tokenEnd);
    let upper = 0;
    let lower = 0;
    for (let position = tokenStart; position < tokenEnd; position++) {
      const code = lowered.charCodeAt(position);
      if (cleaned.charCodeAt(position) !== code) upper++;
      else if (code >= 97 && code <= 122) lower++;
      else if (code >= 128 && lowered[position] !== (lowered[position] as string).toUpperCase()) lower++;
    }
    const isCapitalized = cleaned.charCodeAt(tokenStart) !== lowered.charCodeAt(tokenStart);
    if (special[index] === 1) {
      word = word.replace(MARKS_AND_INVISIBLES, '').replace(APOSTROPHES, '');
      const unmasked = undoLookAlikes(word, isKnown);
      if (unmasked !== null) {
        word = unmasked;
        if (isKnown(word)) disguises.lookAlikes++;
      }
      const unleeted = undoLeet(word);
      if (unleeted !== null) {
        word = unleeted;
        if (isKnown(word)) disguises.leet++;
      }
    }
    push(word, upper >= 2 && lower === 0, isCapitalized);
    index++;
  }
  return { words, shouted, capitalized, disguises };
}
