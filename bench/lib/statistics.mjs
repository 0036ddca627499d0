// The few statistics the suites report: medians of rounds and nearest-rank percentiles.

/** The middle value (the upper one of an even count); the input is left unsorted. */
export function median(values) {
  return [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)];
}

/** The nearest-rank percentile of an ascending list (`share` 0..1); `null` for an empty list. */
export function percentile(sorted, share) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
}
