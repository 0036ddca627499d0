// Substrings that only show up when someone fakes the structure of a prompt: chat-template
// tokens, fake system blocks, end-of-prompt fences. Matched on the lower-cased raw text.

/** Chat-template and role-marker strings. */
export const DELIMITER_MARKERS: readonly string[] = [
  '<|im_start|>',
  '<|im_end|>',
  '<|endoftext|>',
  '<|system|>',
  '<|user|>',
  '<|assistant|>',
  '[inst]',
  '[/inst]',
  '<<sys>>',
  '<</sys>>',
  '</system>',
  '<system>',
  '[system]',
  '[system message]',
  '=====end',
  '======end',
  '\nhuman:',
  'human: human:',
];

/** Instruction-override phrases in scripts without spaces between words (Chinese, Japanese). */
export const CJK_OVERRIDES: readonly string[] = [
  '忽略之前',
  '忽略以上',
  '忽略上面',
  '忽略所有',
  '忽略前面',
  '无视之前',
  '无视以上',
  '忘记之前',
  '忘记以上',
  '忘掉之前',
  '以前の指示を無視',
  '前の指示を無視',
  '上記の指示を無視',
  'すべての指示を無視',
  '指示を無視して',
  '이전 지시를 무시',
  '이전 지침을 무시',
  '모든 지시를 무시',
];
