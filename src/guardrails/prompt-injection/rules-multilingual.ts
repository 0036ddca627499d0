import type { InjectionRule } from './injection-rule.js';

// Common attacks in other languages. Words are written as the normaliser leaves them: lower case,
// accents dropped (`überspringe` -> `uberspringe`, `instrucciones` stays, `règles` -> `regles`),
// Cyrillic `й` -> `и` and `ё` -> `е`.

/** German, Spanish, French, Italian, Portuguese, Dutch, Polish, Croatian/Serbian, Turkish and Russian rules. */
export const MULTILINGUAL_RULES: readonly InjectionRule[] = [
  {
    id: 'ignore-previous-instructions-de',
    family: 'instruction_override',
    weight: 1,
    phrases: [
      'ignorier*|vergiss|vergesst|vergessen|missacht*|uberspring*|verwirf|verwerfen|losch* ~3 alle|alles|die|deine|ihre|vorherig*|bisherig*|obig*|vorangegangen*|vorangehend*|vorig*|fruher*|ursprunglich* ~3 anweisung*|befehl*|instruktion*|auftrag*|auftrage|aufgabe*|regel*|vorgabe*|information*|angabe*|richtlinie*|prompt*|anordnung*|kommando*',
      'alle|die|deine|ihre|vorherig*|bisherig*|obig* ~2 anweisung*|befehl*|instruktion*|ausfuhrung*|auftrag*|auftrage|vorgabe*|regel* ~2 ignorier*|vergessen|missacht*',
      'vergiss|vergesst|vergessen ~0 alles',
      'vergiss|vergesst ~2 was ~3 gesagt|besprochen|geschrieben',
      'abweichend ~1 zu|von ~2 vorherig*|bisherig*|obig*|den ~1 instruktion*|anweisung*',
      'hore|hor ~0 nicht ~1 auf ~3 zuvor|vorher|bisher|gesagte',
      'lass*|lassen ~4 vorherig*|bisherig*|alle ~2 information*|angabe*|anweisung* ~2 hinter',
    ],
  },
  {
    id: 'task-switch-de',
    family: 'task_switch',
    weight: 0.7,
    phrases: [
      'nun|jetzt ~1 folgen|kommen|kommt ~2 neue|weitere|eine|die|noch ~2 anweisung*|aufgabe*|auftrag*|befehl*',
      'konzentrier* ~3 auf ~3 neue|diese|deine ~1 aufgabe*',
      'fang*|beginn*|starten ~3 von ~0 vorne|neu',
      'das ~0 genugt|reicht',
      'neue ~0 anweisung|anweisungen|aufgabe|aufgaben',
      'zweite ~0 test|prufung',
    ],
  },
  {
    id: 'prompt-leak-de',
    family: 'prompt_leak',
    weight: 0.9,
    phrases: [
      'zeig*|gib|drucke|wiederhol*|ausgeben ~3 deinen|ihren|den|gesamten|vollstandig* ~2 prompt*|anweisung*|systemprompt',
      'was ~1 steht|stand ~0 oben|am+anfang',
      'rechtschreibung ~4 obigen|gesamten ~1 textes|text',
      'kopie ~3 vollstandig*|gesamten ~1 prompt*',
    ],
  },
  {
    id: 'persona-switch-de',
    family: 'role_hijack',
    weight: 0.35,
    phrases: [
      'du ~0 bist ~0 jetzt|nun|ab+sofort|ab+jetzt',
      'jetzt|nun ~0 bist ~0 du',
      'stell ~0 dir ~0 vor ~1 du ~0 bist',
    ],
  },
  {
    id: 'restriction-removal-de',
    family: 'restriction_removal',
    weight: 0.6,
    phrases: ['ohne ~1 einschrankung*|regeln|filter|zensur|grenzen|moral|ethik|beschrankung*'],
  },
  {
    id: 'ignore-previous-instructions-es',
    family: 'instruction_override',
    weight: 1,
    phrases: [
      'ignora|ignore|ignorar|ignoren|olvida|olvide|olvidate|olviden|olvidar|descarta|omite|desestima ~3 todas|todo|todos|las|tus|sus|anteriores|previas|lo ~3 instrucciones|instruccion|indicaciones|ordenes|reglas|directrices|dicho|dije|digo|anterior|anteriores|antes',
      'olvida|olvide|olvidate|olviden ~0 todo',
      'haz+caso+omiso ~3 instrucciones|indicaciones|reglas',
    ],
  },
  {
    id: 'persona-switch-es',
    family: 'role_hijack',
    weight: 0.35,
    phrases: ['ahora ~0 eres|seras', 'a+partir+de+ahora ~1 eres|seras|vas|responde*|actua*'],
  },
  {
    id: 'restriction-removal-es',
    family: 'restriction_removal',
    weight: 0.7,
    phrases: ['sin ~1 restricciones|limites|filtros|censura|reglas|moral|etica'],
  },
  {
    id: 'ignore-previous-instructions-fr',
    family: 'instruction_override',
    weight: 1,
    phrases: [
      'ignore|ignorez|ignorer|oublie|oubliez|oublier|neglige|negligez ~3 toutes|tout|les|tes|vos|precedent*|anterieur*|dessus ~3 instructions|consignes|regles|directives|ordres|indications|dit|precedent*',
      'oublie|oubliez ~0 tout',
      'ne ~0 tiens|tenez ~1 pas ~1 compte ~3 instructions|consignes|regles',
    ],
  },
  {
    id: 'persona-switch-fr',
    family: 'role_hijack',
    weight: 0.35,
    phrases: ['tu+es|vous+etes ~0 maintenant|desormais', 'a+partir+de+maintenant ~2 tu|vous'],
  },
  {
    id: 'restriction-removal-fr',
    family: 'restriction_removal',
    weight: 0.6,
    phrases: ['sans ~1 restrictions|limites|filtres|censure|regles|morale|ethique'],
  },
  {
    id: 'prompt-leak-fr',
    family: 'prompt_leak',
    weight: 0.9,
    phrases: ['montre|affiche|revele|repete|donne ~2 ton|votre|le ~2 prompt|instructions|consignes'],
  },
  {
    id: 'ignore-previous-instructions-it',
    family: 'instruction_override',
    weight: 1,
    phrases: [
      'ignora|ignorare|ignori|dimentica|dimenticare|dimentichi|tralascia ~3 tutte|tutto|le|tue|precedenti|sopra ~3 istruzioni|regole|indicazioni|direttive|detto',
      'dimentica|dimentichi ~0 tutto',
    ],
  },
  {
    id: 'ignore-previous-instructions-pt',
    family: 'instruction_override',
    weight: 1,
    phrases: [
      'ignore|ignora|ignorar|esqueca|esquece|esquecer|desconsidere ~3 todas|tudo|as|suas|anteriores|previas|acima ~3 instrucoes|regras|diretrizes|ordens|dito',
      'esqueca|esquece ~0 tudo',
    ],
  },
  {
    id: 'ignore-previous-instructions-nl',
    family: 'instruction_override',
    weight: 1,
    phrases: [
      'negeer|vergeet ~3 alle|de|je|vorige|eerdere|bovenstaande ~3 instructies|regels|opdrachten',
      'vergeet ~0 alles',
    ],
  },
  {
    id: 'ignore-previous-instructions-pl',
    family: 'instruction_override',
    weight: 1,
    phrases: [
      'zignoruj|ignoruj|zapomnij ~3 wszystkie|poprzednie|wczesniejsze|swoje ~2 instrukcje|polecenia|zasady',
      'zapomnij ~0 o ~0 wszystkim',
    ],
  },
  {
    id: 'ignore-previous-instructions-hr',
    family: 'instruction_override',
    weight: 1,
    phrases: [
      'zaboravi|ignoriraj|ignorisi ~2 sve|prethodne ~2 instrukcije|upute|uputstva|naredbe',
      'zaboravi ~0 sve',
    ],
  },
  {
    id: 'ignore-previous-instructions-tr',
    family: 'instruction_override',
    weight: 1,
    phrases: ['onceki|tum ~2 talimatlari|talimatlar|kurallari ~2 yok+say|unut|gormezden|gormezden+gel'],
  },
  {
    id: 'ignore-previous-instructions-ru',
    family: 'instruction_override',
    weight: 1,
    phrases: [
      'игнорируи|забудь|проигнорируи|забудьте|игнорируите ~3 все|предыдущие|прошлые|свои|ваши ~3 инструкции|указания|правила|команды|инструкциями',
      'забудь|забудьте ~0 все',
    ],
  },
];
