import { inMemoryAuditLogOf } from '../../src/db/memory/in-memory-db.js';
import { InMemoryDb } from '../../src/db/memory/index.js';
import type { Store } from '../../src/db/store.js';
import { describeStoreConformance } from '../../src/testing/store-conformance.js';

function entriesOf(store: Store) {
  return inMemoryAuditLogOf(store as InMemoryDb).entries;
}

describeStoreConformance('memory', async () => new InMemoryDb(), {
  requiresMigration: false,
  tamperAudit: {
    async replace(store, seq, fields) {
      const entries = entriesOf(store);
      const index = entries.findIndex((entry) => entry.seq === seq);
      entries[index] = { ...structuredClone(fields), seq };
    },
    async remove(store, seq) {
      const entries = entriesOf(store);
      entries.splice(
        entries.findIndex((entry) => entry.seq === seq),
        1,
      );
    },
  },
});
