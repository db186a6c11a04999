import { PropsCheck } from '../../../../constructs/core/validation';
import { checkExclusions, closeNames } from '../../../../constructs/detection/private/exclusions';
import { detectorFeatures } from '../../../../constructs/detection/private/guardduty-features';
import { newTestStack } from '../../../helpers/app';

describe('closeNames', () => {
  const names = ['access-keys-rotated', 'restricted-ssh', 'restricted-common-ports', 'iam-password-policy'];

  test('finds names within a few edits or containing the value', () => {
    expect(closeNames('access-key-rotated', names)).toEqual(['access-keys-rotated']);
    expect(closeNames('restricted', names)).toEqual(['restricted-common-ports', 'restricted-ssh']);
    expect(closeNames('zzz', names)).toEqual([]);
    expect(closeNames(undefined, names)).toEqual([]);
  });
});

describe('checkExclusions', () => {
  const rules = {
    prop: 'disabledThings',
    nameField: 'thing',
    allowed: ['A_THING', 'B_THING'],
    citationOf: () => '164.312(b)',
    fallbackCitation: '164.308(a)(8)',
  };
  const run = (entries: { name: unknown; reason: unknown }[]) => {
    const check = new PropsCheck(newTestStack(), 'X');
    const valid = checkExclusions(check, entries, rules);
    let message = '';
    try {
      check.throwIfInvalid();
    } catch (e) {
      message = (e as Error).message;
    }
    return { valid, message };
  };

  test('returns the valid names when every entry is known, once, with a specific reason', () => {
    expect(run([{ name: 'B_THING', reason: 'A reason long enough to be specific.' }])).toEqual({
      valid: ['B_THING'],
      message: '',
    });
  });

  test('reports unknown names with the fallback citation, repeats and empty reasons', () => {
    const { valid, message } = run([
      { name: 'C_THING', reason: 'A reason long enough to be specific.' },
      { name: 'A_THING', reason: '' },
      { name: 'A_THING', reason: 'A reason long enough to be specific.' },
    ]);
    expect(valid).toEqual([]);
    expect(message).toMatch(
      /'disabledThings\[0\]\.thing' must be one of "A_THING", "B_THING" \(164\.308\(a\)\(8\)\), got "C_THING"/,
    );
    expect(message).toMatch(/'disabledThings\[1\]\.reason' .*\(it is empty\) \(164\.312\(b\)\)/);
    expect(message).toMatch(/'disabledThings\[2\]\.thing' must be listed once/);
  });
});

describe('detectorFeatures', () => {
  test('keeps runtime agents enabled unless one or the whole feature is switched off', () => {
    const runtime = (disabled: string[]) =>
      detectorFeatures(disabled).find((f) => f.name === 'RUNTIME_MONITORING');
    expect(runtime(['EC2_AGENT_MANAGEMENT'])?.additionalConfiguration).toEqual([
      { name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' },
      { name: 'ECS_FARGATE_AGENT_MANAGEMENT', status: 'ENABLED' },
      { name: 'EC2_AGENT_MANAGEMENT', status: 'DISABLED' },
    ]);
    expect(runtime([])?.status).toBe('ENABLED');
  });
});
