// Letters from other scripts that look like Latin ones, as used to slip words past filters
// ("іgnоrе" with Cyrillic і and о). Only applied to words that mix scripts or consist of
// look-alikes alone, so Russian or Greek text keeps its letters.

/** Look-alike letter -> the Latin letter it imitates. */
// biome-ignore format: a table
export const CONFUSABLES: ReadonlyMap<string, string> = new Map([
  // Cyrillic
  ['а', 'a'], ['в', 'b'], ['е', 'e'], ['ё', 'e'], ['к', 'k'], ['м', 'm'], ['н', 'h'], ['о', 'o'], ['р', 'p'],
  ['с', 'c'], ['т', 't'], ['у', 'y'], ['х', 'x'], ['і', 'i'], ['ї', 'i'], ['ј', 'j'], ['ѕ', 's'], ['ԁ', 'd'],
  ['ԛ', 'q'], ['ԝ', 'w'], ['һ', 'h'], ['ӏ', 'l'], ['ɡ', 'g'],
  // Greek
  ['α', 'a'], ['β', 'b'], ['ε', 'e'], ['η', 'n'], ['ι', 'i'], ['κ', 'k'], ['ν', 'v'], ['ο', 'o'], ['ρ', 'p'],
  ['τ', 't'], ['υ', 'u'], ['χ', 'x'], ['γ', 'y'], ['ω', 'w'],
  // Latin look-alikes outside a-z
  ['ı', 'i'], ['ȷ', 'j'], ['ł', 'l'], ['ø', 'o'], ['đ', 'd'], ['ħ', 'h'], ['ŧ', 't'], ['ƅ', 'b'],
]);

/** Digits and symbols written for letters ("1gn0r3 4ll pr3v10us"). */
// biome-ignore format: a table
export const LEET: ReadonlyMap<string, string> = new Map([
  ['0', 'o'], ['1', 'i'], ['3', 'e'], ['4', 'a'], ['5', 's'], ['7', 't'], ['8', 'b'], ['@', 'a'], ['$', 's'],
  ['|', 'l'], ['!', 'i'],
]);
