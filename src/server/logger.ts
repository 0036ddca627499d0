/** Where the server writes its log lines. `console` fits; tests pass a collecting or silent one. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** The default logger: one line per message on stderr, prefixed with the level. */
export const consoleLogger: Logger = {
  info: (message) => console.error(`[countersign] ${message}`),
  warn: (message) => console.error(`[countersign] WARNING ${message}`),
  error: (message) => console.error(`[countersign] ERROR ${message}`),
};

/** A logger that drops everything. */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
