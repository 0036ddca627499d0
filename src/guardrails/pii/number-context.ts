// Words near a number that say what it is. Each test looks at a bounded window before the number,
// on the same line, so the cost per number is constant.

const WINDOW = 48;

const SSN_CONTEXT =
  /\b(?:ssn|ss#|s\.s\.n\.?|social(?: security)?|soc\.? ?sec\.?|tax ?id|taxpayer id|sozialversicherungs?(?:nummer)?|s[eé]curit[eé] sociale)\b/i;

const PHONE_CONTEXT =
  /\b(?:phone|tel|telephone|telefon|t[eé]l[eé]phone|mobile?|mobil|cell|handy|call|text|sms|whatsapp|fax|reach|contact|number|dial|ring|rappeler|anrufen|ruf)\b/i;

/** Words after which a number is an identifier, not a phone number. */
const IDENTIFIER_CONTEXT =
  /\b(?:order|orders|ord|id|ids|ref|reference|tracking|track|parcel|shipment|invoice|inv|case|ticket|timestamp|time|epoch|unix|build|version|serial|sku|isbn|imei|po|account|acct|iban|routing|transaction|txn|request|batch|lot|item|part|model|zip|postcode|code)\s*(?:no\.?|number|nr\.?|#|id)?\s*[:#]?\s*$/i;

function lineWindow(text: string, start: number): string {
  const from = Math.max(0, start - WINDOW);
  const window = text.slice(from, start);
  const lineBreak = window.lastIndexOf('\n');
  return lineBreak === -1 ? window : window.slice(lineBreak + 1);
}

/** Whether the words before `start` name a social security or tax number. */
export function hasSsnContext(text: string, start: number): boolean {
  return SSN_CONTEXT.test(lineWindow(text, start));
}

/** Whether the words before `start` name a phone number. */
export function hasPhoneContext(text: string, start: number): boolean {
  return PHONE_CONTEXT.test(lineWindow(text, start));
}

/** Whether the word right before `start` makes the number an identifier (`order 1234567890`). */
export function hasIdentifierContext(text: string, start: number): boolean {
  return IDENTIFIER_CONTEXT.test(lineWindow(text, start));
}
