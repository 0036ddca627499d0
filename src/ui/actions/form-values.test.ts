import { describe, expect, it } from 'vitest';
import { optionalText, readUserInput } from './form-values.js';

describe('readUserInput', () => {
  const fields = [
    { name: 'description', type: 'string' },
    { name: 'count', type: 'integer' },
    { name: 'urgent', type: 'boolean' },
    { name: 'tags', type: 'array' },
  ];

  it('types the values by the fields and leaves blank fields out', () => {
    expect(
      readUserInput(
        {
          'input.description': 'VPN down',
          'input.count': '3',
          'input.urgent': 'false',
          'input.tags': '["a"]',
        },
        fields,
      ),
    ).toEqual({ description: 'VPN down', count: 3, urgent: false, tags: ['a'] });
    expect(readUserInput({ 'input.description': '  ', 'input.count': '' }, fields)).toEqual({});
  });

  it('passes unparsable values on as text for the schema to refuse', () => {
    expect(readUserInput({ 'input.count': 'three', 'input.tags': '[oops' }, fields)).toEqual({
      count: 'three',
      tags: '[oops',
    });
  });

  it('ignores fields the requirement does not name', () => {
    expect(readUserInput({ 'input.other': 'x', description: 'y' }, fields)).toEqual({});
  });
});

describe('optionalText', () => {
  it('trims, and reads blank as absent', () => {
    expect(optionalText({ reason: '  too much  ' }, 'reason')).toBe('too much');
    expect(optionalText({ reason: ' ' }, 'reason')).toBeUndefined();
    expect(optionalText({}, 'reason')).toBeUndefined();
  });
});
