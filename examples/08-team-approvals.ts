// Team approvals (Approval docs: "Team approvals": the tool on the team, on a member agent, or
// on both).
//
// Approvals work at the team level too. A team's model hands tasks to member agents; a gated
// call on the team's own tools, inside a member, or both pauses the team run. A member's
// requirement names the member (`requirement.member`), and its approval record names the team
// and the member (`teamId`, `agentId`, `sourceType: 'team'`). `team.continueRun` resumes the
// member exactly where it paused, then the team.
//
// Look for: the same flow in all three patterns, records naming team and member, a team with two
// gates resolved one at a time, and each approved call running exactly once.
import assert from 'node:assert/strict';
import {
  Agent,
  ApprovalPendingError,
  approval,
  DELEGATION_TOOL_NAME,
  type Store,
  Team,
  tool,
} from 'countersign';
import * as z from 'zod';
import { exampleModel } from './lib/example-model.js';
import { printAuditTrail, printRecord, printRun, show, step } from './lib/print.js';
import { openTempDb } from './lib/temp-db.js';

const executed: string[] = [];

// On the member: deployments need the user's confirmation and a devops lead's approval.
const deployToProduction = approval(
  { approverRole: 'devops-lead' },
  tool({
    name: 'deploy_to_production',
    description: 'Deploy an application version to production.',
    inputSchema: z.object({ appName: z.string(), version: z.string() }),
    requiresConfirmation: true,
    execute: ({ appName, version }) => {
      executed.push(`deploy ${appName} ${version}`);
      return `Successfully deployed ${appName} v${version} to production`;
    },
  }),
);
// On the team: announcing the release needs a comms approver.
const announceRelease = approval(
  { approverRole: 'comms' },
  tool({
    name: 'announce_release',
    description: 'Announce a release on the status page.',
    inputSchema: z.object({ message: z.string() }),
    execute: ({ message }) => {
      executed.push(`announce ${message}`);
      return `Announced: ${message}`;
    },
  }),
);

type Pattern = 'member' | 'team' | 'both';

function makeTeam(pattern: Pattern, db: Store): Team {
  const deployAgent = new Agent({
    id: 'deployer',
    name: 'Deploy Agent',
    description: 'Handles deployments to production',
    model: exampleModel((context) =>
      context.step === 0
        ? { toolCalls: [{ toolName: 'deploy_to_production', args: { appName: 'payments', version: '2.1' } }] }
        : { text: `Deploy Agent: ${context.lastToolResults[0]?.text}` },
    ),
    tools: [deployToProduction],
  });
  const delegate = {
    toolName: DELEGATION_TOOL_NAME,
    args: { memberId: 'deployer', task: 'Deploy payments version 2.1 to production.' },
  };
  const announce = { toolName: 'announce_release', args: { message: 'payments 2.1 is live' } };
  const calls = pattern === 'member' ? [delegate] : pattern === 'team' ? [announce] : [delegate, announce];
  return new Team({
    id: `devops-${pattern}`,
    name: 'DevOps Team',
    model: exampleModel((context) =>
      context.step === 0
        ? { toolCalls: calls }
        : { text: `Team: ${context.lastToolResults.map((result) => result.text).join(' | ')}` },
    ),
    members: [deployAgent],
    tools: pattern === 'member' ? [] : [announceRelease],
    db,
  });
}

const db = await openTempDb();
const approve = (id: string, by: string, role: string) =>
  db.updateApproval(id, {
    expectedStatus: 'pending',
    status: 'approved',
    resolvedBy: by,
    resolvedByRoles: [role],
    resolvedAt: Math.floor(Date.now() / 1000),
  });

step('A. the tool on a member agent');
const memberTeam = makeTeam('member', db);
const memberRun = await memberTeam.run('Deploy the payments app version 2.1 to production', {
  userId: 'alice',
});
printRun(memberRun);
assert.equal(memberRun.status, 'paused');
const [memberRequirement] = memberRun.activeRequirements;
assert.equal(memberRequirement?.member?.agentId, 'deployer');
const [memberRecord] = (await db.getApprovals({ status: 'pending', teamId: 'devops-member' })).items;
assert.ok(memberRecord);
printRecord(memberRecord);
show('names', {
  teamId: memberRecord.teamId,
  agentId: memberRecord.agentId,
  sourceType: memberRecord.sourceType,
});
assert.deepEqual(
  [memberRecord.teamId, memberRecord.agentId, memberRecord.sourceType],
  ['devops-member', 'deployer', 'team'],
);
assert.equal(memberRecord.runId, memberRequirement.member?.runId, 'the record belongs to the member’s run');
memberRequirement.confirm(); // alice confirms the deployment ...
await approve(memberRecord.id, 'dan', 'devops-lead'); // ... and the devops lead signs off
const memberDone = await memberTeam.continueRun({
  runId: memberRun.runId,
  requirements: memberRun.requirements,
});
printRun(memberDone);
assert.equal(memberDone.status, 'completed');
assert.deepEqual(executed, ['deploy payments 2.1']);

step('B. the tool on the team itself');
const teamTeam = makeTeam('team', db);
const teamRun = await teamTeam.run('Announce the payments 2.1 release', { userId: 'alice' });
printRun(teamRun);
const [teamRecord] = (await db.getApprovals({ status: 'pending', teamId: 'devops-team' })).items;
assert.ok(teamRecord);
printRecord(teamRecord);
assert.deepEqual(
  [teamRecord.agentId, teamRecord.sourceType, teamRecord.runId],
  ['devops-team', 'team', teamRun.runId],
);
await approve(teamRecord.id, 'cora', 'comms');
const teamDone = await teamTeam.continueRun({ runId: teamRun.runId });
printRun(teamDone);
assert.equal(teamDone.status, 'completed');
assert.deepEqual(executed, ['deploy payments 2.1', 'announce payments 2.1 is live']);

step('C. on both: two gates in one pause, decided one at a time');
const bothTeam = makeTeam('both', db);
const bothRun = await bothTeam.run('Deploy payments 2.1 and announce it', { userId: 'alice' });
printRun(bothRun);
assert.deepEqual(
  bothRun.activeRequirements
    .map((requirement) => `${requirement.toolName} ${requirement.member?.agentId ?? 'team'}`)
    .sort(),
  ['announce_release team', 'deploy_to_production deployer'],
);
const bothRecords = (await db.getApprovals({ status: 'pending', teamId: 'devops-both' })).items;
const deployRecord = bothRecords.find((record) => record.toolName === 'deploy_to_production');
const announceRecord = bothRecords.find((record) => record.toolName === 'announce_release');
assert.ok(deployRecord && announceRecord);
for (const requirement of bothRun.activeRequirements) if (requirement.member) requirement.confirm();
await approve(deployRecord.id, 'dan', 'devops-lead');
const halfway = await bothTeam
  .continueRun({ runId: bothRun.runId, requirements: bothRun.requirements })
  .catch((error) => error);
assert.ok(halfway instanceof ApprovalPendingError);
show('continue', `${halfway.name}: ${halfway.toolName} is still ${halfway.reason}`);
assert.equal(halfway.approvalId, announceRecord.id);
assert.equal(executed.length, 2, 'nothing ran while one gate was open');
await approve(announceRecord.id, 'cora', 'comms');
const bothDone = await bothTeam.continueRun({ runId: bothRun.runId, requirements: bothRun.requirements });
printRun(bothDone);
assert.equal(bothDone.status, 'completed');
assert.deepEqual(executed.slice(2).sort(), ['announce payments 2.1 is live', 'deploy payments 2.1']);

step('D. no approvals left pending; the member run’s audit trail of pattern A');
assert.equal(await db.countApprovals({ status: 'pending' }), 0);
const entries = await printAuditTrail(db, { runId: memberRecord.runId });
assert.deepEqual(
  entries.map((entry) => `${entry.action} ${entry.actor}`),
  ['approval-requested alice', 'approval-approved dan', 'approval-confirmed alice', 'tool-executed alice'],
);
assert.equal((await db.verifyAuditLog()).ok, true);
await db.close();
console.log('\nTeam approvals behaved as described.');
