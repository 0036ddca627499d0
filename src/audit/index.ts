export {
  type AuditChainHead,
  AuditChainVerifier,
  chainAuditEntries,
  GENESIS_HASH,
  type HashableAuditEntry,
  hashAuditEntry,
  verifyAuditChain,
} from './audit-chain.js';
export type {
  AuditAction,
  AuditEntry,
  AuditEntryInput,
  AuditPage,
  AuditVerification,
} from './audit-entry.js';
export { canonicalJson, sha256Hex } from './canonical-json.js';
export { type ExportAuditOptions, exportAuditJsonl } from './export-audit.js';
