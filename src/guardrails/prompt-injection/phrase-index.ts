// Phrases with gaps over normalised words, matched without regular expressions.
//
// A phrase is written as slots separated by spaces; a slot lists alternatives with `|`, an
// alternative ending in `*` matches any word starting with it, and `+` joins words that must
// follow each other inside one alternative (`you+are|youre`). `~N` between two slots lets up to
// N other words stand between them (never a sentence end):
//   'ignore|disregard|forget ~3 previous|prior|above ~2 instruction*|rule*|direction*'
// matches "ignore previous instructions", "IGNORE ALL THE PRIOR RULES", "forget the above directions".
// A phrase starting with `^` matches only at the start of a sentence (or at a capitalised word,
// when the caller says which words were capitalised); `?` is the word a question mark becomes,
// so 'what ~8 ?' is a short question.

interface Slot {
  words: ReadonlySet<string>;
  prefixes: readonly string[];
  /** Alternatives of several words, each word exact or a prefix (ending in `*`). */
  sequences: ReadonlyArray<readonly string[]>;
}

interface CompiledPhrase {
  id: number;
  /** Starts with `^`: only at the start of the text or of a sentence. */
  anchored: boolean;
  slots: Slot[];
  /** gaps[k]: how many words may stand before slot k (gaps[0] is 0). */
  gaps: number[];
}

/** Where one phrase matched: its id and the word range it covered. */
export interface PhraseMatch {
  id: number;
  start: number;
  end: number;
}

const MAX_GAP = 16;
/** Length of the keys prefix alternatives are bucketed by. */
const BUCKET = 3;
const NONE: readonly CompiledPhrase[] = [];

function compileSlot(source: string, phrase: string): Slot {
  const words = new Set<string>();
  const prefixes: string[] = [];
  const sequences: string[][] = [];
  for (const alternative of source.split('|')) {
    if (alternative.length === 0) throw new Error(`Empty alternative in phrase "${phrase}".`);
    if (alternative.includes('+')) {
      const sequence = alternative.split('+');
      if (sequence.some((word) => word.length === 0))
        throw new Error(`Empty word in "${alternative}" of "${phrase}".`);
      sequences.push(sequence);
    } else if (alternative.endsWith('*')) prefixes.push(alternative.slice(0, -1));
    else words.add(alternative);
  }
  return { words, prefixes, sequences };
}

/** Sentence ends (`''`) and question marks (`?`): gaps never cross them. */
function isBoundary(word: string): boolean {
  return word === '' || word === '?';
}

function wordMatches(pattern: string, word: string): boolean {
  return pattern.endsWith('*') ? word.startsWith(pattern.slice(0, -1)) : word === pattern;
}

/** The ends (exclusive) of the ways `slot` matches at `at`: one word, or a sequence of words. */
function slotEnds(slot: Slot, words: readonly string[], at: number): number[] {
  const word = words[at] as string;
  if (word === '') return [];
  const ends: number[] = [];
  if (slot.words.has(word) || slot.prefixes.some((prefix) => word.startsWith(prefix))) ends.push(at + 1);
  for (const sequence of slot.sequences) {
    let matched = true;
    for (let offset = 0; offset < sequence.length; offset++) {
      const candidate = words[at + offset];
      if (
        candidate === undefined ||
        candidate === '' ||
        !wordMatches(sequence[offset] as string, candidate)
      ) {
        matched = false;
        break;
      }
    }
    if (matched) ends.push(at + sequence.length);
  }
  return ends;
}

/** Every word of every slot, for segmenting joined letters back into words. */
function slotVocabulary(slot: Slot): string[] {
  return [...slot.words, ...slot.prefixes, ...slot.sequences.flat().map((word) => word.replace(/\*$/, ''))];
}

/**
 * A set of phrases indexed by their first slot, matched in one pass over the words. Each start
 * position tries only the phrases whose first slot fits it, and a phrase's gaps are bounded, so
 * matching is linear in the number of words.
 */
export class PhraseIndex {
  readonly #phrases: CompiledPhrase[] = [];
  readonly #byWord = new Map<string, CompiledPhrase[]>();
  /** Prefix alternatives of first slots, bucketed by their first {@link BUCKET} characters. */
  readonly #byPrefix = new Map<string, Array<{ prefix: string; phrases: CompiledPhrase[] }>>();
  /** Prefix alternatives shorter than a bucket key, checked for every word. */
  readonly #shortPrefixes: Array<{ prefix: string; phrases: CompiledPhrase[] }> = [];
  readonly vocabulary = new Set<string>();

  /** Adds a phrase under `id` (several phrases may share an id). Throws on a malformed phrase. */
  add(id: number, phrase: string): void {
    const slots: Slot[] = [];
    const gaps: number[] = [];
    let pendingGap = 0;
    const parts = phrase.trim().toLowerCase().split(/\s+/);
    const anchored = parts[0] === '^';
    if (anchored) parts.shift();
    for (const part of parts) {
      if (part.startsWith('~')) {
        const gap = Number(part.slice(1));
        if (!Number.isInteger(gap) || gap < 0 || gap > MAX_GAP || slots.length === 0) {
          throw new Error(
            `Bad gap "${part}" in phrase "${phrase}": use ~0 to ~${MAX_GAP} between two words.`,
          );
        }
        pendingGap = gap;
        continue;
      }
      slots.push(compileSlot(part, phrase));
      gaps.push(pendingGap);
      pendingGap = 0;
    }
    if (slots.length === 0) throw new Error(`Empty phrase "${phrase}".`);
    const compiled: CompiledPhrase = { id, anchored, slots, gaps };
    this.#phrases.push(compiled);
    const first = slots[0] as Slot;
    const firstWords = [...first.words];
    const firstPrefixes = [...first.prefixes];
    for (const sequence of first.sequences) {
      const head = sequence[0] as string;
      if (head.endsWith('*')) firstPrefixes.push(head.slice(0, -1));
      else firstWords.push(head);
    }
    for (const word of firstWords) this.#push(this.#byWord, word, compiled);
    for (const prefix of firstPrefixes) this.#addPrefix(prefix, compiled);
    for (const slot of slots) for (const word of slotVocabulary(slot)) this.vocabulary.add(word);
  }

  #push(map: Map<string, CompiledPhrase[]>, key: string, phrase: CompiledPhrase): void {
    const list = map.get(key);
    if (list) {
      if (!list.includes(phrase)) list.push(phrase);
    } else map.set(key, [phrase]);
  }

  #addPrefix(prefix: string, phrase: CompiledPhrase): void {
    let entries = this.#shortPrefixes;
    if (prefix.length >= BUCKET) {
      const key = prefix.slice(0, BUCKET);
      entries = this.#byPrefix.get(key) ?? [];
      this.#byPrefix.set(key, entries);
    }
    const entry = entries.find((candidate) => candidate.prefix === prefix);
    if (entry === undefined) entries.push({ prefix, phrases: [phrase] });
    else if (!entry.phrases.includes(phrase)) entry.phrases.push(phrase);
  }

  #candidates(word: string): readonly CompiledPhrase[] {
    const exact = this.#byWord.get(word);
    const bucket = word.length >= BUCKET ? this.#byPrefix.get(word.slice(0, BUCKET)) : undefined;
    if (bucket === undefined && this.#shortPrefixes.length === 0) return exact ?? NONE;
    const found: CompiledPhrase[] = exact === undefined ? [] : [...exact];
    for (const entries of [bucket ?? [], this.#shortPrefixes]) {
      for (const entry of entries) if (word.startsWith(entry.prefix)) found.push(...entry.phrases);
    }
    return found;
  }

  /** The end (exclusive) of a match of slots `slot`.. of `phrase` starting at `position`, or -1. */
  #matchFrom(phrase: CompiledPhrase, words: readonly string[], slot: number, position: number): number {
    if (slot === phrase.slots.length) return position;
    const gap = phrase.gaps[slot] as number;
    for (let offset = 0; offset <= gap; offset++) {
      const at = position + offset;
      if (at >= words.length) return -1;
      for (const end of slotEnds(phrase.slots[slot] as Slot, words, at)) {
        const matched = this.#matchFrom(phrase, words, slot + 1, end);
        if (matched !== -1) return matched;
      }
      if (isBoundary(words[at] as string)) return -1;
    }
    return -1;
  }

  /**
   * Every phrase id that matches somewhere in `words`, with its first match. `capitalized` marks
   * the words that began with a capital letter; anchored phrases may start there too.
   */
  match(words: readonly string[], capitalized?: readonly boolean[]): PhraseMatch[] {
    const matches = new Map<number, PhraseMatch>();
    for (let start = 0; start < words.length; start++) {
      const word = words[start] as string;
      if (isBoundary(word)) continue;
      const sentenceStart =
        start === 0 || isBoundary(words[start - 1] as string) || capitalized?.[start] === true;
      for (const phrase of this.#candidates(word)) {
        if (matches.has(phrase.id) || (phrase.anchored && !sentenceStart)) continue;
        for (const first of slotEnds(phrase.slots[0] as Slot, words, start)) {
          const end = this.#matchFrom(phrase, words, 1, first);
          if (end !== -1) {
            matches.set(phrase.id, { id: phrase.id, start, end });
            break;
          }
        }
      }
    }
    return [...matches.values()];
  }
}
