import type { ApprovalRecord, AuditEntry, RunOutput, Store } from 'countersign';

/** Prints the title of the next step of an example. */
export function step(title: string): void {
  console.log(`\n--- ${title} ---`);
}

/** Prints one labelled value, objects as compact JSON. */
export function show(label: string, value: unknown): void {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  console.log(`  ${`${label}:`.padEnd(16)} ${text}`);
}

/** An id cut to its prefix and 8 characters (`apr_1a2b3c4d`): enough to tell records apart in the output. */
export function short(id: string | null | undefined): string {
  return id ? id.replace(/^([a-z]+_)?(.{8}).*$/, '$1$2') : '-';
}

/** Prints a run: its status and content, and what it waits for when paused. */
export function printRun(run: RunOutput): void {
  show('status', run.status);
  show('content', run.content ?? '');
  for (const requirement of run.activeRequirements) {
    const approval = requirement.approvalType
      ? ` [${requirement.approvalType} approval ${short(requirement.approvalId)}]`
      : '';
    const member = requirement.member ? ` (member ${requirement.member.agentId})` : '';
    const args = JSON.stringify(requirement.toolArgs);
    const shown = args.length > 100 ? `${args.slice(0, 97)}...` : args;
    show('waits for', `${requirement.kind} of ${requirement.toolName}(${shown})${approval}${member}`);
  }
}

/** Prints an approval record: what it gates, its status, and who decided. */
export function printRecord(record: ApprovalRecord): void {
  const decided = record.resolvedBy ? ` by ${record.resolvedBy}` : '';
  const reason = record.resolutionData?.reason ? ` (${record.resolutionData.reason})` : '';
  show(
    `record ${short(record.id)}`,
    `${record.type} ${record.toolName}(${JSON.stringify(record.toolArgs)}) ${record.status}${decided}${reason}, requested by ${record.requestedBy ?? '-'}`,
  );
}

/** Prints the audit entries (of one run, or all of them) and returns them, in chain order. */
export async function printAuditTrail(db: Store, query: { runId?: string } = {}): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await db.listAudit({ ...query, ...(cursor === undefined ? {} : { cursor }) });
    entries.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  for (const entry of entries) {
    const tool = entry.toolName ? ` ${entry.toolName}` : '';
    const digest = entry.argsDigest ? ` args ${entry.argsDigest.slice(0, 12)}` : '';
    console.log(
      `  #${entry.seq} ${entry.action.padEnd(19)} by ${entry.actor}${tool}${digest}  hash ${entry.hash.slice(0, 12)}`,
    );
  }
  return entries;
}
