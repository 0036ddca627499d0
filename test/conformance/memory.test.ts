import { InMemoryDb } from '../../src/db/memory/index.js';
import { describeStoreConformance } from '../../src/testing/store-conformance.js';

describeStoreConformance('memory', async () => new InMemoryDb(), { requiresMigration: false });
