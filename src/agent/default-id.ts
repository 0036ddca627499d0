/** The id an agent or team gets from its name when none is given: kebab-case, or `fallback`. */
export function defaultId(name: string | undefined, fallback: string): string {
  if (name === undefined) return fallback;
  return (
    name
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || fallback
  );
}
