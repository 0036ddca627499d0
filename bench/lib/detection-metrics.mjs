// Precision, recall, F1 and false-positive rates of detectors on labelled rows, and span metrics
// of PII detectors, as the guardrails suite reports them.

/** Counts and rates of boolean predictions against labels. */
export function binaryMetrics(rows, predict) {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  let trueNegatives = 0;
  for (const row of rows) {
    const predicted = predict(row);
    if (row.positive) predicted ? truePositives++ : falseNegatives++;
    else predicted ? falsePositives++ : trueNegatives++;
  }
  const precision =
    truePositives + falsePositives > 0 ? truePositives / (truePositives + falsePositives) : null;
  const recall = truePositives + falseNegatives > 0 ? truePositives / (truePositives + falseNegatives) : null;
  const f1 =
    precision !== null && recall !== null && precision + recall > 0
      ? (2 * precision * recall) / (precision + recall)
      : recall === 0
        ? 0
        : null;
  const falsePositiveRate =
    falsePositives + trueNegatives > 0 ? falsePositives / (falsePositives + trueNegatives) : null;
  return {
    rows: rows.length,
    truePositives,
    falsePositives,
    falseNegatives,
    trueNegatives,
    precision,
    recall,
    f1,
    falsePositiveRate,
  };
}

/** Exact-span precision, recall and F1 per PII type: a prediction counts when type, start and end all match. */
export function spanMetrics(rows, detect, types) {
  const counts = Object.fromEntries(
    types.map((type) => [type, { truePositives: 0, falsePositives: 0, falseNegatives: 0 }]),
  );
  for (const row of rows) {
    const predicted = detect(row.text).filter((entity) => counts[entity.type]);
    const key = (entity) => `${entity.type}:${entity.start}:${entity.end}`;
    const gold = new Set(row.entities.map(key));
    const found = new Set(predicted.map(key));
    for (const entity of predicted)
      gold.has(key(entity)) ? counts[entity.type].truePositives++ : counts[entity.type].falsePositives++;
    for (const entity of row.entities) if (!found.has(key(entity))) counts[entity.type].falseNegatives++;
  }
  return Object.fromEntries(
    Object.entries(counts).map(([type, count]) => {
      const precision = count.truePositives / Math.max(1, count.truePositives + count.falsePositives);
      const recall = count.truePositives / Math.max(1, count.truePositives + count.falseNegatives);
      const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
      return [type, { ...count, precision, recall, f1 }];
    }),
  );
}

/**
 * What masking leaves: entities with any character still visible, and entity-free texts that
 * were changed. `covered(row)` returns a function telling whether an offset of the original text
 * was masked.
 */
export function maskingMetrics(rows, covered, altered) {
  let entities = 0;
  let visible = 0;
  let cleanTexts = 0;
  let cleanAltered = 0;
  for (const row of rows) {
    if (row.entities.length === 0) {
      cleanTexts++;
      if (altered(row)) cleanAltered++;
      continue;
    }
    const isMasked = covered(row);
    for (const entity of row.entities) {
      entities++;
      for (let offset = entity.start; offset < entity.end; offset++) {
        if (!isMasked(offset)) {
          visible++;
          break;
        }
      }
    }
  }
  return {
    entities,
    visible,
    visibleShare: entities > 0 ? visible / entities : null,
    cleanTexts,
    cleanAltered,
    cleanAlteredShare: cleanTexts > 0 ? cleanAltered / cleanTexts : null,
  };
}

/** Latency percentiles (ms) of a sorted list of durations. */
export function percentiles(sorted) {
  const at = (share) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))];
  return { p50Ms: at(0.5), p99Ms: at(0.99), maxMs: sorted.at(-1) };
}
