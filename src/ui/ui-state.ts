import type { Context } from 'hono';
import type { Identity } from '../server/identity.js';
import type { Flash } from './flash.js';
import type { DevUser, UiOptions } from './ui-options.js';

/** What every page and action of the UI shares: the AgentOS's services and the UI's settings. */
export interface UiState extends UiOptions {
  devUsers: DevUser[];
  /** A digest of the served CSS and script, appended to their URLs so browsers may cache them for good. */
  assetVersion: string;
}

/** One page request: the verified identity, the session's CSRF token and the one-time message. */
export interface UiRequest {
  context: Context;
  identity: Identity;
  csrf: string;
  flash: Flash | undefined;
  /** The page script is re-fetching the page for a live update. */
  live: boolean;
}
