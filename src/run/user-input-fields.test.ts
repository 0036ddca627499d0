import { describe, expect, it } from 'vitest';
import { RunRequirement } from './run-requirement.js';
import { checkUserInputForm } from './user-input-fields.js';

describe('user-input forms', () => {
  it('lets an optional field be left empty with null, but not a required one', () => {
    const requirement = new RunRequirement({
      id: 'req_1',
      kind: 'user_input',
      toolName: 'book',
      toolArgs: {},
      toolCallId: 'c1',
      createdAt: 0,
      userInputSchema: [
        { name: 'date', type: 'string' },
        { name: 'note', type: 'string', optional: true },
      ],
    });
    expect(() => requirement.provideUserInput({ date: null })).toThrow(/date must be of type string/);
    requirement.provideUserInput({ note: null });
    expect(requirement.isResolved).toBe(false);
    requirement.provideUserInput({ date: '2030-01-01' });
    expect(requirement.isResolved).toBe(true);
  });

  it('names every problem of an unusable form by its path', () => {
    const checked = checkUserInputForm([
      { name: 'size', type: 'string', options: [{ label: 'S' }, { label: 'S' }] },
      { name: 'size', type: 'string' },
      { name: 'extras', type: 'string', multiple: true, options: [{ label: 'A' }] },
      { name: 'count', type: 'float' },
      { name: 'color', options: [] },
    ]);
    expect(checked.ok).toBe(false);
    if (!checked.ok)
      expect(checked.issues).toEqual([
        { path: '0.options.1.label', message: 'repeats the option "S"' },
        { path: '1.name', message: 'repeats the field name "size"' },
        { path: '2.type', message: 'must be array for a field with multiple choices' },
        { path: '3.type', message: 'must be one of string, number, integer, boolean, array, object' },
        { path: '4.options', message: 'must be a non-empty list of { label, description? }' },
      ]);
  });

  it('returns a clean copy of a usable form: types follow the options, values are dropped', () => {
    const checked = checkUserInputForm([
      {
        name: 'extras',
        multiple: true,
        options: [{ label: 'A', description: 'first', extra: 1 }],
        value: ['A'],
      },
    ]);
    expect(checked).toEqual({
      ok: true,
      fields: [
        { name: 'extras', type: 'array', multiple: true, options: [{ label: 'A', description: 'first' }] },
      ],
    });
  });
});
