import { describe, expect, it } from 'vitest';
import { RequirementStateError } from '../errors/requirement-state-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { RequirementData } from './run-document.js';
import { RunRequirement } from './run-requirement.js';

function requirement(kind: RequirementData['kind'], extra: Partial<RequirementData> = {}): RunRequirement {
  return new RunRequirement({
    id: 'req_1',
    kind,
    toolName: 't',
    toolArgs: {},
    toolCallId: 'c1',
    createdAt: 0,
    ...extra,
  });
}

describe('RunRequirement', () => {
  it('confirms once; a second decision is a RequirementStateError', () => {
    const confirmation = requirement('confirmation');
    expect(confirmation.needsConfirmation).toBe(true);
    confirmation.confirm();
    expect(confirmation.isResolved).toBe(true);
    expect(confirmation.needsConfirmation).toBe(false);
    expect(() => confirmation.reject('no')).toThrow(RequirementStateError);
  });

  it('refuses the wrong lane, saying which method to use', () => {
    expect(() => requirement('confirmation').provideUserInput({})).toThrow(/Use confirm\(\) or reject\(\)/);
    expect(() => requirement('external_execution').confirm()).toThrow(/Use setExternalExecutionResult\(\)/);
    expect(() => requirement('user_input').setExternalExecutionResult('x')).toThrow(
      /Use provideUserInput\(\)/,
    );
  });

  it('takes partial user input, refuses unknown fields and wrong types by name', () => {
    const input = requirement('user_input', {
      userInputSchema: [
        { name: 'description', type: 'string' },
        { name: 'priority', type: 'integer' },
      ],
    });
    input.provideUserInput({ description: 'Printer on fire' });
    expect(input.isResolved).toBe(false);
    expect(input.needsUserInput).toBe(true);
    expect(() => input.provideUserInput({ colour: 'red' })).toThrow(/colour is not a field of t/);
    let error: unknown;
    try {
      input.provideUserInput({ priority: 'high' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { path: 'priority', message: 'must be of type integer' },
    ]);
    input.provideUserInput({ priority: 2 });
    expect(input.isResolved).toBe(true);
    expect(() => input.provideUserInput({ priority: 3 })).toThrow(RequirementStateError);
  });

  it('records external results, refusing undefined', () => {
    const external = requirement('external_execution');
    expect(() => external.setExternalExecutionResult(undefined)).toThrow(ValidationError);
    external.setExternalExecutionResult({ ticket: 'CHG-1' }, { isError: false });
    expect(external.decision?.result).toEqual({ ticket: 'CHG-1' });
    expect(external.needsExternalExecution).toBe(false);
  });
});
