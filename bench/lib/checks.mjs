// One shape for every goal a suite checks, so the driver can list them side by side:
// { name, value, goal, unit, pass, detail }. `pass` is true or false, or null when the figure
// was not measured in this run (for example because an option turned that part off).

const COMPARATORS = {
  '>=': (value, target) => value >= target,
  '<=': (value, target) => value <= target,
  '==': (value, target) => value === target,
};

/**
 * Build a check from a measured value and a goal written as an operator and a target.
 * A value of null or undefined means "not measured"; pass `missing` to say why, and `required`
 * to turn a missing value into a failure (a figure that should have been there but is not).
 */
export function makeCheck({
  name,
  value,
  operator,
  target,
  unit,
  detail = null,
  missing = null,
  required = false,
}) {
  const compare = COMPARATORS[operator];
  if (!compare) throw new Error(`unknown goal operator ${operator}`);
  const measured =
    value !== null && value !== undefined && !(typeof value === 'number' && Number.isNaN(value));
  return {
    name,
    value: measured ? value : null,
    goal: `${operator} ${target}`,
    unit,
    pass: measured ? compare(value, target) : required ? false : null,
    detail: measured ? detail : (missing ?? 'not measured'),
  };
}

/** Counts of passed, failed and skipped checks. */
export function summarizeChecks(checks) {
  return {
    total: checks.length,
    passed: checks.filter((check) => check.pass === true).length,
    failed: checks.filter((check) => check.pass === false).length,
    skipped: checks.filter((check) => check.pass === null).length,
  };
}

/** PASS, FAIL or SKIP, as shown in tables and on the console. */
export function verdict(check) {
  if (check.pass === true) return 'PASS';
  if (check.pass === false) return 'FAIL';
  return 'SKIP';
}
