import { passesLuhn } from './luhn.js';
import type { NumberCandidate } from './number-candidates.js';
import { hasIdentifierContext, hasPhoneContext, hasSsnContext } from './number-context.js';

/** What a run of digits is, when it is personal data. */
export type NumberKind = 'credit_card' | 'ssn' | 'phone';

/** Which kinds to look for. */
export interface NumberKinds {
  creditCard: boolean;
  ssn: boolean;
  phone: boolean;
}

/** Card number prefixes (issuer identification) and the lengths each network issues. */
const CARD_RANGES: ReadonlyArray<readonly [low: number, high: number, digits: number, lengths: number[]]> = [
  [4, 4, 1, [13, 16, 19]], // Visa
  [51, 55, 2, [16]], // Mastercard
  [2221, 2720, 4, [16]], // Mastercard 2-series
  [34, 34, 2, [15]], // American Express
  [37, 37, 2, [15]], // American Express
  [6011, 6011, 4, [16, 17, 18, 19]], // Discover
  [644, 649, 3, [16, 17, 18, 19]], // Discover
  [65, 65, 2, [16, 17, 18, 19]], // Discover
  [3528, 3589, 4, [16, 17, 18, 19]], // JCB
  [300, 305, 3, [14, 15, 16, 17, 18, 19]], // Diners Club
  [36, 36, 2, [14, 15, 16, 17, 18, 19]], // Diners Club
  [38, 39, 2, [14, 15, 16, 17, 18, 19]], // Diners Club
  [62, 62, 2, [16, 17, 18, 19]], // UnionPay
  [2200, 2204, 4, [16]], // Mir
  [6304, 6304, 4, [16, 17, 18, 19]], // Maestro
  [6759, 6759, 4, [16, 17, 18, 19]], // Maestro
  [6761, 6763, 4, [16, 17, 18, 19]], // Maestro
];

function hasCardPrefix(digits: string): boolean {
  return CARD_RANGES.some(([low, high, width, lengths]) => {
    const prefix = Number(digits.slice(0, width));
    return prefix >= low && prefix <= high && lengths.includes(digits.length);
  });
}

/** Groups as cards are printed: 4-4-4-4(-3), 4-6-5 (Amex), 4-6-4 (Diners), or one block. */
function hasCardGrouping(sizes: number[]): boolean {
  if (sizes.length === 1) return true;
  const shape = sizes.join('-');
  if (shape === '4-6-5' || shape === '4-6-4') return true;
  const last = sizes[sizes.length - 1] as number;
  return sizes.slice(0, -1).every((size) => size === 4) && last >= 1 && last <= 4;
}

function sameSeparators(candidate: NumberCandidate): boolean {
  const separators = candidate.separators.slice(1);
  return separators.every((separator) => separator === separators[0]);
}

function isCard(candidate: NumberCandidate, digits: string): boolean {
  if (candidate.plus || candidate.parenthesized.length > 0) return false;
  if (digits.length < 13 || digits.length > 19) return false;
  const separators = candidate.separators.slice(1);
  if (!separators.every((separator) => separator === ' ' || separator === '-')) return false;
  return (
    sameSeparators(candidate) &&
    hasCardGrouping(candidate.groups.map((group) => group.length)) &&
    hasCardPrefix(digits) &&
    passesLuhn(digits)
  );
}

/** An SSN the Social Security Administration can issue: area 001-899 but not 666, group 01-99, serial 0001-9999. */
export function isValidSsn(digits: string): boolean {
  if (digits.length !== 9) return false;
  const area = Number(digits.slice(0, 3));
  const group = Number(digits.slice(3, 5));
  const serial = Number(digits.slice(5));
  return area >= 1 && area <= 899 && area !== 666 && group >= 1 && serial >= 1;
}

function isSsn(text: string, candidate: NumberCandidate, digits: string): boolean {
  if (candidate.plus || candidate.parenthesized.length > 0 || !isValidSsn(digits)) return false;
  const shape = candidate.groups.map((group) => group.length).join('-');
  if (shape === '9') return hasSsnContext(text, candidate.start);
  if (shape !== '3-2-4' || !sameSeparators(candidate)) return false;
  const separator = candidate.separators[1];
  if (separator === '-') return true;
  return (separator === ' ' || separator === '.') && !hasPhoneContext(text, candidate.start);
}

/** North American numbering: area code and exchange start with 2-9. */
function isNanp(digits: string): boolean {
  return (
    digits.length === 10 && digits[0] !== '0' && digits[0] !== '1' && digits[3] !== '0' && digits[3] !== '1'
  );
}

function isPhone(text: string, candidate: NumberCandidate, digits: string): boolean {
  const sizes = candidate.groups.map((group) => group.length);
  const shape = sizes.join('-');
  const identifier = () => hasIdentifierContext(text, candidate.start);
  const first = candidate.groups[0] as string;
  const internationalZeros =
    first.startsWith('00') && first.length >= 3 && first.length <= 5 && sizes.length >= 2;
  if (candidate.plus || internationalZeros) {
    // International: a country code and a national number, 8 to 15 digits (E.164), trunk "(0)" aside.
    const trunk = candidate.parenthesized.some((index) => candidate.groups[index] === '0') ? 1 : 0;
    const significant = digits.length - trunk - (candidate.plus ? 0 : 2);
    if (significant < 8 || significant > 15) return false;
    return candidate.plus ? candidate.groups.length >= 2 || !identifier() : !identifier();
  }
  if (candidate.parenthesized.length > 0) {
    // (415) 555-0134, 1 (415) 555-0134
    const national = shape === '3-3-4' || (shape === '1-3-3-4' && candidate.groups[0] === '1');
    const areaIndex = shape === '3-3-4' ? 0 : 1;
    return national && candidate.parenthesized.length === 1 && candidate.parenthesized[0] === areaIndex;
  }
  if (shape === '3-3-4') return sameSeparators(candidate) && isNanp(digits) && !identifier();
  if (shape === '1-3-3-4')
    return candidate.groups[0] === '1' && sameSeparators(candidate) && isNanp(digits.slice(1));
  if (shape === '10') return isNanp(digits) && !identifier();
  if (shape === '11')
    return digits[0] === '1' && isNanp(digits.slice(1)) && hasPhoneContext(text, candidate.start);
  // National numbers with a trunk zero (020 7946 0958, 030 12345678) when the words say "phone".
  return (
    digits[0] === '0' &&
    digits.length >= 9 &&
    digits.length <= 12 &&
    candidate.groups.length >= 2 &&
    (sizes[0] as number) <= 5 &&
    !identifier() &&
    hasPhoneContext(text, candidate.start)
  );
}

/** The kind of personal data a run of digits is, or null when it is none of the enabled kinds. */
export function classifyNumber(
  text: string,
  candidate: NumberCandidate,
  kinds: NumberKinds,
): NumberKind | null {
  if (candidate.attached || candidate.malformed) return null;
  const digits = candidate.groups.join('');
  if (kinds.creditCard && isCard(candidate, digits)) return 'credit_card';
  if (kinds.ssn && isSsn(text, candidate, digits)) return 'ssn';
  if (kinds.phone && isPhone(text, candidate, digits)) return 'phone';
  return null;
}
