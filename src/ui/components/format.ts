/** Unix seconds now. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** `2025-11-23 12:07:03 UTC` from unix seconds. */
export function formatTime(seconds: number): string {
  return `${new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function span(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 48 * 3600) {
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.floor((seconds % 3600) / 60);
    if (hours < 10) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
    // From ten hours on, a person rounds: 23 h 59 min 59 s is "24 h".
    return `${Math.round(seconds / 3600)} h`;
  }
  return `${Math.round(seconds / 86_400)} d`;
}

/** How long ago a unix-seconds time was: `just now`, `3 min ago`, `2 h ago`. */
export function formatAge(seconds: number, now: number = nowSeconds()): string {
  const elapsed = Math.max(0, now - seconds);
  return elapsed < 5 ? 'just now' : `${span(elapsed)} ago`;
}

/** How far a unix-seconds time is from now: `in 23 h` or `2 h ago`. */
export function formatUntil(seconds: number, now: number = nowSeconds()): string {
  return seconds >= now ? `in ${span(seconds - now)}` : `${span(now - seconds)} ago`;
}

/** Indented JSON for display; values JSON cannot hold are shown as text. */
export function prettyJson(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

/** One-line JSON cut to `max` characters, for tables. */
export function compactJson(value: unknown, max = 140): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Text cut to `max` characters. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The distinctive tail of an id (`run_3f9c…` -> `3f9c21ab`), for tables. */
export function shortId(id: string): string {
  const bare = id.replace(/^[a-z]+_/, '').replace(/-/g, '');
  return bare.slice(0, 8);
}
