import { AcknowledgmentIndex } from '../../../../lib/compliance/report/acknowledgment-index';
import type { RecordedAcknowledgment } from '../../../../lib/compliance/report/tree-facts';

const ID = 'AwsSolutions::AwsSolutions-S1';
const ack = (acknowledgedAt: string, reason = `at ${acknowledgedAt}`, id = ID): RecordedAcknowledgment => ({
  id,
  reason,
  acknowledgedAt,
});

describe('AcknowledgmentIndex', () => {
  test('finds an acknowledgment on the resource itself', () => {
    const index = new AcknowledgmentIndex([ack('App/Stack/Bucket/Resource')]);
    expect(index.closest(ID, 'App/Stack/Bucket/Resource')?.acknowledgedAt).toBe('App/Stack/Bucket/Resource');
  });

  test('finds the closest ancestor when several ancestors acknowledge the rule', () => {
    const index = new AcknowledgmentIndex([ack('App'), ack('App/Stack/Bucket'), ack('App/Stack')]);
    expect(index.closest(ID, 'App/Stack/Bucket/Resource')?.acknowledgedAt).toBe('App/Stack/Bucket');
    expect(index.closest(ID, 'App/Stack/Other/Resource')?.acknowledgedAt).toBe('App/Stack');
    expect(index.closest(ID, 'App/Elsewhere')?.acknowledgedAt).toBe('App');
  });

  test('does not match a sibling whose path only starts with the same characters', () => {
    const index = new AcknowledgmentIndex([ack('App/Stack/Bucket')]);
    expect(index.closest(ID, 'App/Stack/Bucket2/Resource')).toBeUndefined();
    expect(index.closest(ID, 'App/Stack')).toBeUndefined();
  });

  test('matches only the same rule id', () => {
    const index = new AcknowledgmentIndex([ack('App/Stack', 'other rule', 'AwsSolutions::AwsSolutions-S10')]);
    expect(index.closest(ID, 'App/Stack/Bucket')).toBeUndefined();
    expect(index.closest('AwsSolutions::AwsSolutions-S10', 'App/Stack/Bucket')?.reason).toBe('other rule');
  });

  test('keeps the first acknowledgment recorded when one path acknowledges a rule twice', () => {
    const index = new AcknowledgmentIndex([ack('App/Stack', 'first'), ack('App/Stack', 'second')]);
    expect(index.closest(ID, 'App/Stack/Bucket')?.reason).toBe('first');
  });

  test('an acknowledgment at the root path covers only the root, as a prefix match on "/" would', () => {
    const index = new AcknowledgmentIndex([ack('')]);
    expect(index.closest(ID, '')?.acknowledgedAt).toBe('');
    expect(index.closest(ID, 'App/Stack')).toBeUndefined();
  });

  test('finds nothing in an empty index', () => {
    expect(new AcknowledgmentIndex([]).closest(ID, 'App/Stack')).toBeUndefined();
  });
});
