import { Construct } from 'constructs';
import {
  RELAXATION_METADATA_KEY,
  recordRelaxation,
  relaxationsOf,
} from '../../../constructs/patching/relaxation';
import { newTestStack } from '../../helpers/app';

describe('recordRelaxation', () => {
  test('records the citation, setting and reason under the report metadata key, readable with relaxationsOf', () => {
    const scope = new Construct(newTestStack(), 'Scope');
    const record = {
      citation: '164.308(a)(1)(ii)(B)',
      setting: 'scanOnly',
      reason: 'Instances are rebuilt weekly from a patched image.',
    };
    recordRelaxation(scope, record);
    expect(RELAXATION_METADATA_KEY).toBe('cdk-hipaa-baseline:relaxation');
    expect(scope.node.metadata.map((m) => m.type)).toContain(RELAXATION_METADATA_KEY);
    expect(relaxationsOf(scope)).toEqual([record]);
  });
});
