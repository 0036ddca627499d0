/** Paths of the UI's pages, with ids encoded. */

/** The path of a record's approval page. */
export function approvalPath(id: string): string {
  return `/ui/approvals/${encodeURIComponent(id)}`;
}

/** The path of a run's page. */
export function runPath(runId: string): string {
  return `/ui/runs/${encodeURIComponent(runId)}`;
}
