/** Calls `action` and returns what it threw, or `undefined` when it returned normally. */
export function thrown(action: () => unknown): unknown {
  try {
    action();
    return undefined;
  } catch (error) {
    return error;
  }
}
