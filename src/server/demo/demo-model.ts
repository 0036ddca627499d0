import type { LanguageModelV3, LanguageModelV3Prompt } from '@ai-sdk/provider';
import {
  ScriptedModel,
  type ScriptedToolCall,
  type ScriptedTurn,
  type ScriptedTurnContext,
} from '../../testing/scripted-model.js';

/** Every answer of the offline model starts with this, so nobody mistakes it for a language model. */
export const DEMO_MODEL_LABEL = '[offline demo model]';

const HELP =
  `${DEMO_MODEL_LABEL} I am the Countersign demo helpdesk. No language model is configured, so I answer ` +
  'from keywords. Try: "look up ACME-123", "reset the password for bob@example.com", "refund $250 to ' +
  'ACME-123", "open a ticket: the VPN is broken", or "file a change request to open port 8443 on the billing firewall".';

function lastUserText(prompt: LanguageModelV3Prompt): string {
  for (let index = prompt.length - 1; index >= 0; index--) {
    const message = prompt[index];
    if (message?.role !== 'user') continue;
    return message.content.map((part) => (part.type === 'text' ? part.text : '')).join(' ');
  }
  return '';
}

function customerIn(text: string): string {
  return /\b([a-z]{2,12}-\d{1,8})\b/i.exec(text)?.[1]?.toUpperCase() ?? 'ACME-123';
}

/** The tool calls the keywords of a message ask for, in a fixed order. */
export function demoToolCalls(text: string): ScriptedToolCall[] {
  const lower = text.toLowerCase();
  const calls: ScriptedToolCall[] = [];
  if (/\blook ?up\b|\bbalance\b|\bwho is\b|\bcheck\b|\bshow\b/.test(lower)) {
    calls.push({ toolName: 'lookup_customer', args: { customerId: customerIn(text) } });
  }
  if (/\bpassword\b|\blocked out\b/.test(lower)) {
    const email = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/.exec(text)?.[0] ?? 'alice@example.com';
    calls.push({ toolName: 'reset_password', args: { email } });
  }
  if (/\brefund\b/.test(lower)) {
    const amount = Number(
      /\$\s?(\d+(?:\.\d{1,2})?)|(\d+(?:\.\d{1,2})?)\s?(?:usd|dollars?)\b/i
        .exec(text)
        ?.slice(1)
        .find(Boolean) ?? 50,
    );
    calls.push({
      toolName: 'issue_refund',
      args: { customerId: customerIn(text), amount, reason: text.slice(0, 200) },
    });
  }
  if (/\bticket\b|\bbroken\b|\bnot working\b|\bbug\b/.test(lower)) {
    calls.push({ toolName: 'create_ticket', args: { subject: text.slice(0, 120) } });
  }
  if (/\bchange request\b|\bdeploy\b|\bfirewall\b|\bopen port\b/.test(lower)) {
    const system = /\b(?:on|for) (?:the )?([\w-]+)/i.exec(text)?.[1] ?? 'production';
    calls.push({ toolName: 'submit_change_request', args: { system, change: text.slice(0, 300) } });
  }
  return calls;
}

function describe(result: ScriptedTurnContext['lastToolResults'][number]): string {
  if (result.isError) return `${result.toolName} did not run: ${result.text}`;
  return `${result.toolName} finished: ${result.text}`;
}

/** The offline demo's turn: tool calls from the keywords of the user's message, then a summary of their results. */
export function demoTurn(context: ScriptedTurnContext): ScriptedTurn {
  if (context.prompt.at(-1)?.role === 'tool') {
    return { text: `${DEMO_MODEL_LABEL} ${context.lastToolResults.map(describe).join(' ')}` };
  }
  const calls = demoToolCalls(lastUserText(context.prompt));
  if (calls.length === 0) return { text: HELP };
  return { toolCalls: calls };
}

/**
 * The offline demo model: a `LanguageModelV3` without a language model behind it. It maps keywords
 * of the user's message to the demo helpdesk's tool calls and answers from their results, every
 * answer labelled {@link DEMO_MODEL_LABEL}. Deterministic, so a run paused before a restart resumes
 * after it.
 */
export function createDemoModel(): LanguageModelV3 {
  return new ScriptedModel(demoTurn, { provider: 'countersign-demo', modelId: 'offline-keyword-demo' });
}
