import type { html } from 'hono/html';

/** Escaped HTML as `hono/html` templates produce it (interpolated values are escaped). */
export type Markup = ReturnType<typeof html>;
