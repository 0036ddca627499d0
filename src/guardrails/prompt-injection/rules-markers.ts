import type { InjectionRule } from './injection-rule.js';
import { CJK_OVERRIDES, DELIMITER_MARKERS } from './literal-markers.js';

/** Rules over the raw text: chat-template tokens, overrides in Chinese, Japanese and Korean, disguised words. */
export const MARKER_RULES: readonly InjectionRule[] = [
  { id: 'chat-template-marker', family: 'delimiter', weight: 0.5, literals: DELIMITER_MARKERS },
  {
    id: 'ignore-previous-instructions-cjk',
    family: 'instruction_override',
    weight: 1,
    literals: CJK_OVERRIDES,
  },
  {
    id: 'prompt-placeholder',
    family: 'role_hijack',
    weight: 0.7,
    literals: ['insert prompt here', '[prompt]', '{prompt}', '[your prompt here]', 'prompt here]'],
  },
  {
    id: 'character-card',
    family: 'role_hijack',
    weight: 0.3,
    literals: ['{{user}}', '{{char}}', '{char}', '{user}'],
  },
  { id: 'spaced-letters', family: 'disguise', weight: 0.5, disguise: 'spacedLetters' },
  { id: 'look-alike-letters', family: 'disguise', weight: 0.5, disguise: 'lookAlikes' },
  { id: 'digits-for-letters', family: 'disguise', weight: 0.3, disguise: 'leet' },
  { id: 'invisible-characters', family: 'disguise', weight: 0.4, disguise: 'invisible' },
];
