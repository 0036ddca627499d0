/** The families of signals the injection detector scores; each adds at most its cap. */
export type InjectionFamily =
  | 'instruction_override'
  | 'prompt_leak'
  | 'role_hijack'
  | 'restriction_removal'
  | 'refusal_suppression'
  | 'task_switch'
  | 'harmful_request'
  | 'delimiter'
  | 'disguise'
  | 'indirect'
  | 'custom';

/** One scored signal: phrases over normalised words (see `phrase-index.ts` for their syntax). */
export interface InjectionRule {
  /** Stable kebab-case id, reported in `additionalData.signals`. */
  id: string;
  family: InjectionFamily;
  /** Added to the score when any phrase matches; 1 blocks on its own at the default threshold. */
  weight: number;
  phrases?: readonly string[];
  /** Substrings of the lower-cased raw text (chat-template tokens, scripts without spaces). */
  literals?: readonly string[];
  /** Fires when the normaliser had to undo this kind of disguise at least once. */
  disguise?: 'spacedLetters' | 'lookAlikes' | 'leet' | 'invisible';
  /** Counts only in text that reads as a document or e-mail (indirect injection). */
  documentOnly?: boolean;
  /** Counts only when the first matched word was written in capitals (`DAN`). */
  shoutedOnly?: boolean;
}
