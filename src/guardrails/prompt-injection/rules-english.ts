import type { InjectionRule } from './injection-rule.js';

// Word groups shared by several rules (see phrase-index.ts for the phrase syntax).
const IGNORE =
  'ignore|ignoring|disregard*|forget|forgetting|neglect|override|overriding|bypass*|abandon|discard|dismiss|erase|omit|nullify|overwrite';
const EARLIER =
  'previous|previously|prior|above|earlier|preceding|foregoing|initial|original|old|former|past|before|existing|current|given|provided|system|default|all|any|every|your|these|those|the';
const INSTRUCTIONS =
  'instruction*|direction*|directive*|rule*|guideline*|prompt*|command*|order|orders|context|constraint*|task*|assignment*|message*|information|input*|polic*|programming|training|restriction*|limitation*|conversation|conversations|guidance|setting*|safeguard*|filter*|protocol*';
const ETHICS =
  'ethic*|moral*|legal*|safety|content|openai*|policy|policies|guideline*|rule*|law*|principle*|restriction*|filter*|censorship|boundaries|limit*';
const YOU_ARE = 'you+are|youre|you+will+be|u+are|ur';

/** English rules: direct injection, jailbreak personas, restriction removal, prompt extraction. */
export const ENGLISH_RULES: readonly InjectionRule[] = [
  {
    id: 'ignore-previous-instructions',
    family: 'instruction_override',
    weight: 1,
    phrases: [
      `${IGNORE} ~3 ${EARLIER} ~3 ${INSTRUCTIONS}`,
      `${IGNORE} ~2 everything|anything|all ~3 before|above|earlier|previously|prior|said|told|written|preceding|else`,
      `${IGNORE} ~1 what|whatever ~3 said|told|wrote|written|asked|instructed|say ~2 before|earlier|previously|above`,
      `${IGNORE} ~1 the|all|everything|anything ~0 above|before|prior`,
      `${IGNORE} ~1 above|before|prior ~0 and`,
      'forget ~1 everything|all ~1 you|we|i ~2 know|said|discussed|talked|learned|told',
      'forget|ignore ~0 everything|all ~0 and',
      'pay+no+attention ~3 previous|prior|above|earlier|instructions|rules',
      'do+not|dont|never|not ~1 follow|obey|listen|adhere|apply ~3 previous|prior|above|original|initial|system|your ~2 instruction*|rule*|guideline*|direction*|prompt*',
      'stop ~1 following ~3 instruction*|rule*|guideline*',
      'new|updated|real|actual|true|revised ~1 instructions|rules ~1 follow|are|is',
      'your ~0 new|real|actual|true ~0 task|job|goal|purpose|mission|instructions|objective ~0 is|are|will',
    ],
  },
  {
    id: 'ignore-provided-context',
    family: 'instruction_override',
    weight: 1,
    phrases: [
      'despite|regardless ~1 of ~2 what|your ~3 instruction*|told|rules|guidelines',
      'contrary ~0 to ~2 previous|prior|your|the ~1 instruction*',
      'disregarding ~3 articles|documents|context|instruction*|rules|information',
      'not ~1 by|from|in|according ~1 to ~1 the|your ~1 articles|documents|document|context',
      'ignore|disregard|ignoring ~3 provided|given|all ~1 context|documents|articles|information|text',
      'do+not|dont ~1 look|use ~1 in|at|the ~1 documents|articles|context',
    ],
  },
  {
    id: 'task-switch',
    family: 'task_switch',
    weight: 0.7,
    phrases: [
      'now|here ~2 comes|come|follows|follow ~2 new|another|next|second|different|additional|further ~1 task*|instruction*|assignment*|challenge|test|order*',
      'new|next|another|additional|further ~1 task*|instruction*|assignment*|statement ~1 follow*|comes|is|starts',
      '^ new|additional ~0 statement|instruction|instructions|task',
      'start|begin ~1 over|again|anew',
      'start|begin ~2 from ~1 scratch|beginning',
      'focus|concentrate ~2 on ~3 new|this|next ~1 task*|assignment*',
      'that|this ~0 is ~0 done|enough|sufficient',
      'you+have|youve ~1 passed ~3 test',
      'remove ~3 previous|prior|all ~1 tasks ~2 out ~1 of ~1 your',
    ],
  },
  {
    id: 'prompt-leak',
    family: 'prompt_leak',
    weight: 0.9,
    phrases: [
      'print|show|reveal|display|repeat|output|tell|give|share|disclose|leak|dump|return|spell ~3 initial|original|hidden|secret|system|full|entire|whole|complete|above|previous|first|all+your|all+the ~1 prompt+text|prompt+texts|instructions|system+prompt|prompts',
      'print|show|reveal|display|repeat|output|tell|give|disclose|leak|dump|return ~2 your ~0 system+prompt|instructions|embeddings|initial+prompt|prompt+text|hidden+prompt|secret+prompt',
      'what|which ~1 is|are|was|were ~1 your ~1 system+prompt|initial|original|instructions|hidden',
      'what ~1 was|is|were ~0 written ~3 above|before|beginning|start',
      'what ~2 instructions|rules ~2 were|was|have ~1 you ~1 given|told|received',
      'spell ~0 check|checking ~4 above|previous|prompt',
      'spellcheck ~4 above|previous|prompt',
      'copy ~2 of ~3 full|whole|entire|initial|original ~1 prompt*',
      'print|repeat|output|check ~2 above ~0 prompt|text',
    ],
  },
  {
    id: 'do-anything-now',
    family: 'role_hijack',
    weight: 1,
    phrases: [
      'do+anything+now',
      'dan ~0 mode|prompt|jailbreak',
      'developer|dev|god|sudo|unrestricted|jailbreak|jailbroken|evil|chaos|opposite ~0 mode',
      'antigpt|anti+gpt|betterdan|bettergpt',
    ],
  },
  { id: 'dan-name', family: 'role_hijack', weight: 0.6, shoutedOnly: true, phrases: ['dan|stan|dude|aim'] },
  {
    id: 'jailbreak-word',
    family: 'role_hijack',
    weight: 0.5,
    phrases: ['jailbreak|jailbroken|jailbreaking|jailbreaked|jailbroke'],
  },
  {
    id: 'persona-switch',
    family: 'role_hijack',
    weight: 0.5,
    phrases: [
      `${YOU_ARE} ~0 now|henceforth`,
      'from+now+on ~2 you|your|youre|always|only|act|respond|answer|reply|ignore',
      `${YOU_ARE} ~0 going ~0 to ~0 act|pretend|be|play|roleplay|simulate|behave|respond`,
      'pretend|imagine|suppose ~1 you+are|youre|to+be|that+you+are',
      'act|acting|behave|behaving|respond|roleplay|role+play ~1 as|like ~3 an|a ~2 ai|chatbot|model|assistant|bot ~2 with|without|that|who|which|called|named',
      'simulate|emulate ~3 ai|chatbot|model|mode|version|personality',
      'no ~0 longer ~2 chatgpt|an+ai|a+language+model|bound|restricted|limited|confined|an+assistant',
      'stay|remain|staying|remaining|keep ~1 in ~1 character',
      'break|breaking|broke ~1 character',
    ],
  },
  {
    id: 'restriction-removal',
    family: 'restriction_removal',
    weight: 0.5,
    phrases: [
      'no|without|zero ~0 restrictions|limitations|limits|filters|filter|boundaries|censorship|morals|ethics|guidelines|safeguards|restraints',
      'no|without|zero ~0 any|ethical|moral|content|safety ~0 restrictions|limitations|limits|filters|boundaries|censorship|morals|ethics|guidelines|rules|constraints|safeguards|restraints|considerations',
      'exception ~0 to ~3 ethical|usual|normal ~2 protocols|guidelines|rules|policies',
      'nsfw|smut|lewd|explicit|sexual|violence|gore|sex|anything ~3 is|are ~0 allowed|permitted|encouraged',
      'not|doesnt|dont|never ~1 have ~0 any ~1 ethical|moral|ethics|morals|rules|restrictions|filters|limits|boundaries|guidelines|principles',
      'free|freed|freedom|liberated|released|unbound|escaped|break|broken ~2 of|from ~4 restriction*|limitation*|rules|guidelines|filter*|censorship|constraints|confines|policies|shackles|chains|openai|programming|jail',
      'doesnt|dont|not|never|wont|cannot|cant|refuses ~2 have ~0 to ~2 abide|follow|obey|adhere|comply|respect',
      `doesnt|dont|not|never|wont|isnt|arent ~2 abide|follow|obey|adhere|comply|bound|respect|care|caring|concerned|restricted|restrained|constrained|limited|censored|filtered ~4 by|about|with|to|of ~3 ${ETHICS}`,
      `ignore|ignores|ignoring|bypass*|override*|circumvent*|disable*|disregard*|violate*|break*|evade* ~3 ${ETHICS} ~2 ${INSTRUCTIONS}`,
      'ignore|ignores|ignoring|bypass*|circumvent*|disregard*|override* ~3 openai*|ethic*|moral*|safety|censorship|filters',
      'typical|usual|normal ~1 confines|constraints|restrictions',
      'unfiltered|uncensored|unrestricted|amoral|unethical|immoral|unchained|unbound|unlimited|limitless|lawless|unhinged|uncontrolled|unregulated ~3 ai|chatbot|model|response*|answer*|version|assistant|mode|bot|entity|character|persona',
    ],
  },
  {
    id: 'amoral-traits',
    family: 'restriction_removal',
    weight: 0.4,
    phrases: [
      'unfiltered|uncensored|unrestricted|amoral|immoral|unethical|unhinged|limitless|unchained|lawless',
      'illegal|illegality|legality|morality|ethicality|immorality',
      'no ~0 matter ~1 how|what ~3 immoral|unethical|illegal|harmful|offensive|dangerous|inappropriate|explicit|wrong|disgusting|controversial',
      'regardless ~1 of|whether|how ~4 unethical|immoral|illegal|harmful|offensive|dangerous|inappropriate|legality|morality|ethics',
      'even ~0 if ~3 illegal|unethical|immoral|harmful|offensive|dangerous|inappropriate',
    ],
  },
  {
    id: 'refusal-suppression',
    family: 'refusal_suppression',
    weight: 0.8,
    phrases: [
      'never|not|cannot|cant|wont|mustnt|dont ~2 refuse|decline|deny|reject ~2 any|a|to|request*|question*|anything',
      'never ~0 refusing|refuses|declines|denies',
      'without ~0 refusal|refusals|refusing',
      'never|not|dont|wont|mustnt|without ~3 say|tell|respond|reply|include|add|use|give|provide|write|prefix ~4 sorry|apologize|apologise|apology|apologies|cannot|cant|unable|warning*|disclaimer*|caveat*|moraliz*|lectur*',
      'never|not|dont|wont|mustnt|without ~5 as+an+ai|language+model',
      'without ~2 any ~1 warning*|disclaimer*|caveat*|censor*|moraliz*|hesitation',
      'will|can|should|must ~1 always ~2 answer|respond|reply|comply|provide|fulfil*|fulfill* ~3 any|every|all ~1 request*|question*|prompt*',
      'can|will ~0 say|do|write|generate ~0 anything',
      'answer|respond ~4 even+if ~4 not ~1 know|sure|true',
    ],
  },
  {
    id: 'two-responses',
    family: 'role_hijack',
    weight: 0.4,
    phrases: [
      'two|2 ~1 responses|answers|outputs|different+responses',
      'normal|classic|standard|original ~1 response|answer|chatgpt|gpt ~4 and|then|followed ~4 dan|jailbroken|developer|unfiltered|uncensored|evil',
    ],
  },
  {
    id: 'model-address',
    family: 'role_hijack',
    weight: 0.4,
    phrases: ['chatgpt|gpt|openai|openais|ai+language+model|language+model'],
  },
  {
    id: 'harmful-content',
    family: 'harmful_request',
    weight: 0.4,
    phrases: [
      'swear|curse|cuss ~1 word*',
      'profanity|profane|vulgar|obscene|lewd|nsfw|smut|porn*',
      'offensive|derogatory|hateful|racist|violent|harmful|malicious|toxic',
      'hate ~0 speech',
      'meth|weapon*|bomb|explosive*|malware|murder',
    ],
  },
  {
    id: 'say-verbatim',
    family: 'task_switch',
    weight: 0.4,
    phrases: [
      'just|only|simply ~1 say|output|print|respond+with|reply+with|answer+with',
      'respond|reply|answer ~1 to ~3 all|every|any ~2 question*|prompt*|message* ~1 with',
      'instead ~1 print|say|output|write|respond|reply|tell|answer',
    ],
  },
  {
    id: 'planted-opinion',
    family: 'task_switch',
    weight: 0.7,
    phrases: [
      'say|write|print|output|state ~2 that ~1 you|i ~1 hate|love',
      'include|add|mention ~3 that ~1 you ~1 hate|love',
    ],
  },
  {
    id: 'fiction-framing',
    family: 'role_hijack',
    weight: 0.3,
    phrases: [
      'fictional|hypothetical|hypothetically|imaginary|theoretical|parallel|alternate ~1 world|scenario|setting|story|universe|realm|reality',
      'roleplay|role+play|rp',
    ],
  },
  {
    id: 'policy-reference',
    family: 'restriction_removal',
    weight: 0.6,
    phrases: [
      'openai|openais ~2 policy|policies|guidelines|rules|terms|restrictions|filters|censorship|content+policy',
      'content ~0 policy|policies|filter|filters',
    ],
  },
  {
    id: 'knowledge-cutoff',
    family: 'role_hijack',
    weight: 0.4,
    phrases: ['knowledge ~2 cut|cutoff ~3 2021|2022', 'cut+off ~1 in ~0 2021'],
  },
  {
    id: 'model-greeting',
    family: 'role_hijack',
    weight: 0.3,
    phrases: ['hello|hi|hey|greetings|dear ~0 chatgpt|gpt|bard|claude'],
  },
  {
    id: 'refusal-quotes',
    family: 'refusal_suppression',
    weight: 0.3,
    phrases: ['im+sorry|i+apologize|i+apologise|as+an+ai|i+cannot+comply|i+cant+assist'],
  },
  {
    id: 'rule-breaking',
    family: 'restriction_removal',
    weight: 0.3,
    phrases: [
      'break|breaking|bend|bending|bends|breaks ~1 the|all|any ~0 rules',
      'unlocked|unleashed|emancipated',
    ],
  },
  {
    id: 'answer-anything',
    family: 'refusal_suppression',
    weight: 0.15,
    phrases: [
      'answer|respond|reply|provide|do|generate|write ~1 any|every|all ~0 question|questions|request|requests|prompt|prompts ~2 no|regardless|without|even',
      'whatever ~3 user|i|you ~2 want|wants|ask|asks|say|says|request|requests',
      'never|not|dont ~2 mention|reveal|say|acknowledge|admit ~3 that ~1 you ~1 are ~1 an ~0 ai',
    ],
  },
];
