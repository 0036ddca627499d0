import type { ApprovalRecord } from '../../approvals/approval-record.js';
import { StorageError, ValidationError } from '../../errors/index.js';
import type { RunDocument } from '../../run/run-document.js';

/**
 * Checks the approval records of a `saveRun` before anything is written, and returns them as they
 * are stored: each record must belong to the run being written, and its `runStatus` is the run's
 * status (every run write keeps its records' `runStatus` in step).
 *
 * @throws ValidationError for a record of another run.
 */
export function prepareNewApprovals(
  document: RunDocument,
  approvals: readonly ApprovalRecord[],
): ApprovalRecord[] {
  return approvals.map((record, index) => {
    if (record.runId !== document.runId) {
      throw new ValidationError(
        `saveRun(${document.runId}): approval record ${record.id} belongs to run ${record.runId}; ` +
          'a run write can only insert records of that run.',
        [{ path: `approvals.${index}.runId`, message: `must be '${document.runId}'` }],
      );
    }
    return { ...record, runStatus: document.status };
  });
}

/** The error for an approval record whose id is already stored (or given twice). */
export function duplicateApprovalError(
  runId: string,
  approvalId: string | undefined,
  cause?: unknown,
): StorageError {
  return new StorageError(
    `saveRun(${runId}) wrote nothing: approval record ${approvalId ?? '(one of the records)'} already exists. ` +
      'Approval ids must be unique; use a new id per gated call.',
    cause === undefined ? {} : { cause },
  );
}
