// Splits letters that were written spaced out and joined again ("saythatyouhatetrump") back into
// words, using the vocabulary of the rules plus common short words. A dynamic programme over the
// positions, each trying words up to a bounded length: linear in the length of the run.

/** Short words that glue the rule words together in disguised sentences. */
// biome-ignore format: a word list
const COMMON_WORDS = [
  'a', 'i', 'you', 'me', 'my', 'your', 'it', 'is', 'are', 'am', 'be', 'to', 'the', 'and', 'or', 'of', 'in',
  'on', 'that', 'this', 'what', 'say', 'said', 'tell', 'hate', 'love', 'all', 'now', 'do', 'not', 'no', 'just',
  'print', 'write', 'show', 'give', 'we', 'us', 'he', 'she', 'they', 'them', 'with', 'for', 'as', 'at', 'by',
  'so', 'if', 'an', 'was', 'were', 'will', 'can', 'have', 'has', 'how', 'why', 'who', 'kill', 'bomb', 'make',
];

const MAX_WORD = 24;

/** Builds a segmenter over `vocabulary`; it returns the words, or null when the letters do not split. */
export function createSegmenter(vocabulary: Iterable<string>): (joined: string) => string[] | null {
  const words = new Set<string>(COMMON_WORDS);
  for (const word of vocabulary) if (/^[a-z]{2,}$/.test(word)) words.add(word);
  return (joined) => {
    if (joined.length > 10_000) return null;
    // best[i]: the fewest words that split joined[0, i), or Infinity; from[i]: where the last one starts.
    const best = new Array<number>(joined.length + 1).fill(Number.POSITIVE_INFINITY);
    const from = new Array<number>(joined.length + 1).fill(-1);
    best[0] = 0;
    for (let end = 1; end <= joined.length; end++) {
      for (let start = Math.max(0, end - MAX_WORD); start < end; start++) {
        const before = best[start] as number;
        if (before + 1 < (best[end] as number) && words.has(joined.slice(start, end))) {
          best[end] = before + 1;
          from[end] = start;
        }
      }
    }
    if (!Number.isFinite(best[joined.length] as number)) return null;
    const result: string[] = [];
    for (let end = joined.length; end > 0; end = from[end] as number) {
      result.unshift(joined.slice(from[end] as number, end));
    }
    return result;
  };
}
