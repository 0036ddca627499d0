import { describe, expect, it } from 'vitest';
import { InputCheckError } from '../../errors/input-check-error.js';
import { OutputCheckError } from '../../errors/output-check-error.js';
import { passesLuhn } from './luhn.js';
import { PIIDetectionGuardrail } from './pii-detection-guardrail.js';

const guardrail = new PIIDetectionGuardrail();
const masker = new PIIDetectionGuardrail({ maskPii: true });

/** The values found in `text`, as `type:value`. */
function found(text: string, detector = guardrail): string[] {
  return detector.detect(text).map((entity) => `${entity.type}:${text.slice(entity.start, entity.end)}`);
}

describe('PIIDetectionGuardrail: social security numbers', () => {
  it('finds issuable SSNs with dashes, with spaces, and nine plain digits after "SSN" words', () => {
    expect(found('My SSN is 123-45-6789.')).toEqual(['ssn:123-45-6789']);
    expect(found('For payroll, my social is 123 45 6789.')).toEqual(['ssn:123 45 6789']);
    expect(found('Social Security Number: 123456789')).toEqual(['ssn:123456789']);
    expect(found('The new hire (SSN 501-12-3456) starts Monday.')).toEqual(['ssn:501-12-3456']);
  });

  it('ignores numbers no SSA office issues: area 000, 666, 9xx; group 00; serial 0000', () => {
    for (const value of ['000-12-3456', '666-12-3456', '912-34-5678', '123-00-4567', '123-45-0000']) {
      expect(found(`Placeholder ${value} in the form`)).toEqual([]);
    }
  });

  it('needs SSN words before nine plain digits', () => {
    expect(found('Order 123456789 shipped')).toEqual([]);
    expect(found('tax id (SSN) is 123456789; please fix')).toEqual(['ssn:123456789']);
  });
});

describe('PIIDetectionGuardrail: payment cards', () => {
  it('finds Luhn-valid cards of the main networks, grouped or not', () => {
    expect(found('Visa 4111 1111 1111 1111 please')).toEqual(['credit_card:4111 1111 1111 1111']);
    expect(found('card 5555-5555-5555-4444')).toEqual(['credit_card:5555-5555-5555-4444']);
    expect(found('Amex 3782 822463 10005 on file')).toEqual(['credit_card:3782 822463 10005']);
    expect(found('Diners 3056 930902 5904')).toEqual(['credit_card:3056 930902 5904']);
    expect(found('plain 6011111111111117.')).toEqual(['credit_card:6011111111111117']);
  });

  it('ignores 16 digits that fail the Luhn check, and Luhn-valid numbers without a card prefix', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(found('Reference 4111 1111 1111 1112 does not match')).toEqual([]);
    expect(found('IMEI 35-209900-176148-1 registered')).toEqual([]);
    expect(found('tracking 9400 1000 0000 0000 0000 00')).toEqual([]);
  });
});

describe('PIIDetectionGuardrail: phone numbers', () => {
  it('finds US forms', () => {
    for (const phone of [
      '(415) 555-0134',
      '415-555-0134',
      '415.555.0134',
      '+1 415 555 0134',
      '+1 (415) 555-0134',
      '1-415-555-0134',
      '4155550134',
    ]) {
      expect(found(`Call me at ${phone} today.`)).toEqual([`phone:${phone}`]);
    }
  });

  it('finds international forms with +CC, a (0) trunk digit, or a 00 prefix', () => {
    for (const phone of [
      '+44 20 7946 0958',
      '+44 (0)161 496 0123',
      '+49 30 12345678',
      '+49 (0)89 1234 5678',
      '0049 30 12345678',
      '+91 98765 43210',
      '+91-80-1234-5678',
      '+81 3-1234-5678',
      '+33 1 23 45 67 89',
      '+55 11 91234-5678',
    ]) {
      expect(found(`Kontakt: Tel. ${phone}, danke`)).toEqual([`phone:${phone}`]);
    }
  });

  it('ignores dates, times, versions, IP addresses, amounts, ids and timestamps', () => {
    const text =
      'On 2024-03-15 at 14:30 we shipped v1.2.3 from 192.168.10.254 for $1,234.56; order #4155550134, ' +
      'PO-415-555-0134, build 415.555.0134, unix time 1700000000, ISBN 978-0-306-40615-7, ZIP 94105-1234.';
    expect(found(text)).toEqual([]);
  });

  it('finds national numbers with a trunk zero only after phone words', () => {
    expect(found('Tel: 030 12345678')).toEqual(['phone:030 12345678']);
    expect(found('Invoice 030 12345678')).toEqual([]);
  });
});

describe('PIIDetectionGuardrail: e-mail addresses', () => {
  it('finds addresses with dots, plus tags, subdomains and multi-part top-level domains', () => {
    expect(found('mail jane.doe+news@mail.example.co.uk, or Omar_Haddad42@acme-corp.io.')).toEqual([
      'email:jane.doe+news@mail.example.co.uk',
      'email:Omar_Haddad42@acme-corp.io',
    ]);
  });

  it('ignores asset names, package names, handles and spelled-out addresses', () => {
    expect(found('Replace logo@2x.png and icon-32@3x.webp; bump @scope/utils@1.2.3; ping @jane_dev')).toEqual(
      [],
    );
    expect(found('write to jane at example dot com or jane [at] example [dot] org')).toEqual([]);
  });
});

describe('PIIDetectionGuardrail: masking and refusing', () => {
  it('masks each value with a typed placeholder', () => {
    const text =
      'Name: Jane\nEmail: jane@example.com\nPhone: (415) 555-0134\nSSN: 123-45-6789\nCard: 4111 1111 1111 1111';
    expect(masker.mask(text)).toBe(
      'Name: Jane\nEmail: [EMAIL]\nPhone: [PHONE]\nSSN: [SSN]\nCard: [CREDIT_CARD]',
    );
    expect(masker.check(text)).toEqual({
      text: 'Name: Jane\nEmail: [EMAIL]\nPhone: [PHONE]\nSSN: [SSN]\nCard: [CREDIT_CARD]',
      additionalData: {
        detectedPii: ['email', 'phone', 'ssn', 'credit_card'],
        counts: { email: 1, phone: 1, ssn: 1, credit_card: 1 },
        action: 'masked',
      },
    });
  });

  it('leaves text without personal data unchanged', () => {
    expect(masker.check('Where is my order ORD-2024-123456? It was due on 2024-03-15.')).toBeUndefined();
  });

  it('stops with InputCheckError naming the kinds, never the values', () => {
    const text = 'my card 4111 1111 1111 1111 and ssn 123-45-6789';
    let caught: unknown;
    try {
      guardrail.check(text, { runId: 'run-1' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputCheckError);
    const error = caught as InputCheckError;
    expect(error.checkTrigger).toBe('pii_detected');
    expect(error.runId).toBe('run-1');
    expect(error.additionalData).toMatchObject({ detectedPii: ['credit_card', 'ssn'] });
    const everything = `${error.message} ${JSON.stringify(error.additionalData)}`;
    expect(everything).not.toContain('4111');
    expect(everything).not.toContain('6789');
  });

  it('throws OutputCheckError as an output check', () => {
    expect(() => guardrail.check('reach me at jane@example.com', { stage: 'output' })).toThrow(
      OutputCheckError,
    );
  });

  it('checks only the enabled kinds', () => {
    const emailsOnly = new PIIDetectionGuardrail({
      enableSsnCheck: false,
      enableCreditCardCheck: false,
      enablePhoneCheck: false,
    });
    expect(found('jane@example.com, 123-45-6789, 4111 1111 1111 1111, (415) 555-0134', emailsOnly)).toEqual([
      'email:jane@example.com',
    ]);
  });

  it('adds custom patterns given as RegExp or as a regular-expression source', () => {
    const custom = new PIIDetectionGuardrail({
      maskPii: true,
      customPatterns: { employeeId: /EMP-\d{6}/, badge: 'BADGE#\\d+' },
    });
    expect(custom.mask('EMP-123456 with BADGE#42 and jane@example.com')).toBe(
      '[EMPLOYEE_ID] with [BADGE] and [EMAIL]',
    );
  });

  it('refuses a custom pattern that is not a regular expression', () => {
    expect(() => new PIIDetectionGuardrail({ customPatterns: { broken: '(' } })).toThrow(
      /customPatterns\.broken/,
    );
  });
});

describe('PIIDetectionGuardrail: hostile input', () => {
  it('scans a megabyte of adversarial text in one pass', () => {
    const megabyte = 1_000_000;
    const inputs = [
      'a'.repeat(megabyte),
      `${'a.'.repeat(megabyte / 2)}@`,
      `${'a'.repeat(megabyte / 2)}@${'b-'.repeat(megabyte / 4)}`,
      '@'.repeat(megabyte),
      '1-'.repeat(megabyte / 2),
      '(1 '.repeat(megabyte / 3),
      '+1 '.repeat(megabyte / 3),
      '4111 '.repeat(megabyte / 5),
    ];
    for (const input of inputs) {
      expect(Array.isArray(masker.detect(input))).toBe(true);
    }
    expect(masker.detect(`${'x '.repeat(megabyte / 2)}jane@example.com`)).toHaveLength(1);
  });
});
