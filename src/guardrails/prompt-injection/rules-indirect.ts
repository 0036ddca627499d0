import type { InjectionRule } from './injection-rule.js';

/**
 * Rules for indirect injection: instructions planted in a document, an e-mail or a tool's output
 * that an agent reads. They count only when the text reads as such a document, because the same
 * words are an ordinary request when a user writes them to the agent.
 */
export const INDIRECT_RULES: readonly InjectionRule[] = [
  {
    id: 'document-addresses-the-response',
    family: 'indirect',
    weight: 1,
    documentOnly: true,
    phrases: [
      'encode|encrypt|translate|convert|rewrite|render|format|write|provide|give|reverse|shift|replace|substitute|remove|combine|group|misspell|anagram*|modify|enhance|augment|integrate|add|include|insert|append|mention|tease|suggest|use|apply|invert|introduce|begin|start|end|finish|respond|reply|answer ~12 your ~0 response|responses|reply|replies|answer|answers|output',
      'in|within|into ~0 your ~0 response|reply|answer|output|message',
      '^ reply|respond|answer ~0 in|using|with|only|backwards|backward',
    ],
  },
  {
    id: 'document-asks-a-task',
    family: 'indirect',
    weight: 1,
    documentOnly: true,
    phrases: [
      '^ explain|describe|compose|translate|summarize|summarise|suggest|recommend|analyze|analyse|determine|generate|outline|calculate|help+me|show+me|tell+me|give+me|break+down|encrypt|encode|write+a|write+an|provide+a|provide+an|list+the|list+all',
    ],
  },
  {
    id: 'document-asks-a-question',
    family: 'indirect',
    weight: 1,
    documentOnly: true,
    phrases: ['^ what|who|how|which|why|can+you|could+you|is+this|are+there ~12 ?'],
  },
];
