import { Construct } from 'constructs';
import {
  collectManualAttestations,
  MANUAL_ATTESTATION_METADATA_KEY,
  recordManualAttestation,
} from '../../../constructs/identity/manual-attestation';
import { newTestStack } from '../../helpers/app';

describe('recordManualAttestation', () => {
  test('records the attestation as node metadata under the report key, with exactly citation, setting and reason', () => {
    const stack = newTestStack();
    const tenant = new Construct(stack, 'Tenant');
    recordManualAttestation(tenant, {
      citation: '164.312(d)',
      setting: 'MFA always-on',
      reason: 'CloudFormation cannot set Identity Center MFA mode',
    });
    expect(tenant.node.metadata).toEqual([
      expect.objectContaining({
        type: MANUAL_ATTESTATION_METADATA_KEY,
        data: {
          citation: '164.312(d)',
          setting: 'MFA always-on',
          reason: 'CloudFormation cannot set Identity Center MFA mode',
        },
      }),
    ]);
    expect(collectManualAttestations(stack)).toEqual([
      {
        citation: '164.312(d)',
        setting: 'MFA always-on',
        reason: 'CloudFormation cannot set Identity Center MFA mode',
        constructPath: 'TestStack/Tenant',
      },
    ]);
  });

  test('rejects empty fields, naming the construct path', () => {
    const stack = newTestStack();
    expect(() => recordManualAttestation(stack, { citation: ' ', setting: 'x', reason: '' })).toThrow(
      /TestStack: a manual attestation needs a non-empty citation, reason/,
    );
    expect(collectManualAttestations(stack)).toEqual([]);
  });
});
