/** What a moderation service says about one text. */
export interface ModerationResult {
  /** Whether the service flagged the text at all. */
  flagged: boolean;
  /** The categories and whether each was flagged (`{ hate: true, violence: false }`), or the flagged names. */
  categories?: Record<string, boolean> | readonly string[];
}

/** A moderation service: any function from a text to its verdict. */
export type ModerationFunction = (text: string) => ModerationResult | Promise<ModerationResult>;

/** The names of the flagged categories of a result. */
export function flaggedCategories(result: ModerationResult): string[] {
  const categories = result.categories;
  if (categories === undefined) return [];
  if (Array.isArray(categories)) return [...categories];
  return Object.entries(categories as Record<string, boolean>)
    .filter(([, flagged]) => flagged === true)
    .map(([name]) => name);
}
