import type { PiiEntity } from './pii-entity.js';

/** The placeholder of a kind: `email` -> `[EMAIL]`, `creditCard` / `credit_card` -> `[CREDIT_CARD]`. */
export function placeholderFor(type: string): string {
  const snake = type
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  return `[${(snake || 'PII').toUpperCase()}]`;
}

/**
 * Keeps one entity per stretch of text: sorted by start, an entity that overlaps a kept one is
 * dropped unless it is longer (then it replaces it). The result is sorted and disjoint.
 */
export function resolveOverlaps(entities: PiiEntity[]): PiiEntity[] {
  const sorted = [...entities].sort((left, right) => left.start - right.start || right.end - left.end);
  const kept: PiiEntity[] = [];
  for (const entity of sorted) {
    const last = kept[kept.length - 1];
    if (last === undefined || entity.start >= last.end) kept.push(entity);
    else if (entity.end - entity.start > last.end - last.start) kept[kept.length - 1] = entity;
  }
  return kept;
}

/** `text` with every entity (sorted, disjoint) replaced by its typed placeholder. */
export function maskEntities(text: string, entities: readonly PiiEntity[]): string {
  let masked = '';
  let from = 0;
  for (const entity of entities) {
    masked += text.slice(from, entity.start) + placeholderFor(entity.type);
    from = entity.end;
  }
  return masked + text.slice(from);
}
