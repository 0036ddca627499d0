import { isAsciiLetter, isDigit, isLetter } from './char-classes.js';

const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;
const LOCAL_SYMBOLS = new Set(['.', '_', '%', '+', '-', "'"]);
/** File extensions that follow an `@` in asset names (`logo@2x.png`) and are not mail domains. */
// biome-ignore format: a word list
const FILE_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'webp', 'svg', 'ico', 'bmp', 'tif', 'tiff', 'avif', 'heic', 'mp3', 'mp4',
  'wav', 'pdf', 'js', 'mjs', 'cjs', 'ts', 'tsx', 'jsx', 'css', 'scss', 'map', 'json', 'html', 'htm',
  'xml', 'txt', 'yml', 'yaml', 'lock', 'gz', 'tgz', 'tar', 'wasm',
]);

function isLocalCharacter(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return isDigit(code) || isLetter(text, index) || LOCAL_SYMBOLS.has(text[index] as string);
}

function isDomainCharacter(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return isDigit(code) || code === 45 /* - */ || code === 46 /* . */ || isLetter(text, index);
}

function isValidDomain(domain: string): boolean {
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  for (const label of labels) {
    if (label.length === 0 || label.length > 63 || label.startsWith('-') || label.endsWith('-')) return false;
  }
  const topLevel = labels[labels.length - 1] as string;
  if (topLevel.length < 2 || FILE_EXTENSIONS.has(topLevel.toLowerCase())) return false;
  for (let index = 0; index < topLevel.length; index++) {
    if (!isAsciiLetter(topLevel.charCodeAt(index)) && !isLetter(topLevel, index)) return false;
  }
  return true;
}

/**
 * Spans of e-mail addresses in `text`. From each `@` the scan walks left over the characters a
 * local part may hold and right over those of a domain, each walk bounded (64 and 253 characters)
 * and stopped by the neighbouring `@`, so the whole scan is linear in the length of the text.
 */
export function findEmails(text: string): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  let searchFrom = 0;
  let lastEnd = 0;
  for (;;) {
    const at = text.indexOf('@', searchFrom);
    if (at === -1) break;
    searchFrom = at + 1;
    let start = at;
    const leftLimit = Math.max(lastEnd, at - MAX_LOCAL);
    while (start > leftLimit && isLocalCharacter(text, start - 1)) start--;
    while (start < at && !isDigit(text.charCodeAt(start)) && !isLetter(text, start)) start++;
    let end = at + 1;
    const rightLimit = Math.min(text.length, at + 1 + MAX_DOMAIN);
    while (end < rightLimit && isDomainCharacter(text, end)) end++;
    while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
    if (start === at || end === at + 1) continue;
    const local = text.slice(start, at);
    if (local.endsWith('.') || local.includes('..')) continue;
    if (!isValidDomain(text.slice(at + 1, end))) continue;
    spans.push({ start, end });
    lastEnd = end;
    searchFrom = end;
  }
  return spans;
}
