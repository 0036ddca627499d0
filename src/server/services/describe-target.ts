import type { AnyTool } from '../../tools/tool.js';
import type { RunTarget } from '../run-target.js';

/** How a tool is gated, for the listing: `none` runs at once, `user` waits for the user, `admin` for an approver. */
export type ToolTier = 'none' | 'user' | 'admin';

/** A tool as `GET /agents/{agentId}` lists it. */
export interface ToolDescription {
  name: string;
  description?: string | undefined;
  tier: ToolTier;
  pauseLane: AnyTool['pauseLane'];
  approval?: {
    type: 'required' | 'audit';
    approverRole: string | null;
    quorum: number;
    expiresInSeconds: number | null;
    /** The policy has a `when` condition: only some calls need it. */
    conditional: boolean;
  };
}

/** An agent or team as the listing shows it. */
export interface TargetDescription {
  id: string;
  name?: string | undefined;
  description?: string | undefined;
  tools?: ToolDescription[];
  members?: { id: string; name?: string | undefined }[];
}

function describeTool(tool: AnyTool): ToolDescription {
  const policy = tool.approval;
  const tier: ToolTier = policy?.type === 'required' ? 'admin' : tool.pauseLane === null ? 'none' : 'user';
  const description: ToolDescription = {
    name: tool.name,
    description: tool.description,
    tier,
    pauseLane: tool.pauseLane,
  };
  if (policy) {
    description.approval = {
      type: policy.type,
      approverRole: policy.approverRole,
      quorum: policy.quorum,
      expiresInSeconds: policy.expiresInSeconds,
      conditional: policy.when !== undefined,
    };
  }
  return description;
}

/** The public description of an agent or team: ids, names, and each tool with its tier. */
export function describeTarget(target: RunTarget): TargetDescription {
  const description: TargetDescription = {
    id: target.id,
    name: target.name,
    description: target.description,
  };
  if (target.tools) description.tools = target.tools.map(describeTool);
  if (target.members)
    description.members = target.members.map((member) => ({ id: member.id, name: member.name }));
  return description;
}
