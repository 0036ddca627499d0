// Whether a text reads as a document an agent was handed (an e-mail, a web page, a tool's output)
// rather than a message written to the agent. Instructions addressed to "your response" inside
// such a text are indirect prompt injection; the same words in a user's own message are not.

/** Marks of e-mail headers, greetings, sign-offs and newsletter footers. */
const DOCUMENT_MARKERS = [
  'subject:',
  'email_from:',
  'from:',
  'to:',
  'cc:',
  'sent:',
  'date:',
  'received date',
  'content:',
  'dear ',
  'hi ',
  'hello ',
  'regards',
  'sincerely',
  'best,',
  'thanks,',
  'cheers,',
  'unsubscribe',
  'view in browser',
  'privacy policy',
  'all rights reserved',
  '©',
  'this email',
  'this message',
  'reply to this email',
  'click here',
  'www.',
  'http',
  'inc.',
  'ltd',
  'llc',
];

/** Phrases with which a message asks an assistant to act: the text is a prompt, not a document. */
const PROMPT_MARKERS = [
  'i want you to',
  'act as',
  'you are a',
  'you will',
  'your task',
  'your role',
  'i will provide',
  'i will give',
];

/** How many distinct document marks the first 8,000 characters carry, minus prompt marks. */
export function documentScore(lowered: string): number {
  const head = lowered.length > 8_000 ? lowered.slice(0, 8_000) : lowered;
  let score = 0;
  for (const marker of DOCUMENT_MARKERS) if (head.includes(marker)) score++;
  for (const marker of PROMPT_MARKERS) if (head.includes(marker)) score -= 2;
  return score;
}

/** Whether a text reads as a document or e-mail (at least three marks, no prompt phrasing). */
export function looksLikeDocument(lowered: string): boolean {
  return documentScore(lowered) >= 3;
}
