import { KmsKeyRotation } from '../../../../../lib/compliance/rules/kms/key-rotation';
import { mutate, type RuleFixture, setProperty, stackTemplate } from '../../../../helpers/template-fixtures';

const compliant = [
  stackTemplate('Keys', {
    Records: {
      Type: 'AWS::KMS::Key',
      Properties: { EnableKeyRotation: true, PendingWindowInDays: 30 },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    },
    Signing: {
      Type: 'AWS::KMS::Key',
      Properties: { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    },
  }),
];

export const fixture: RuleFixture = {
  rule: KmsKeyRotation,
  compliant,
  bad: [
    {
      name: 'rotation switched off by an override',
      templates: mutate(compliant, (r) => setProperty(r.Records, 'EnableKeyRotation', false)),
      path: 'EnableKeyRotation',
    },
    {
      name: 'deletion window shortened to 7 days',
      templates: mutate(compliant, (r) => setProperty(r.Records, 'PendingWindowInDays', 7)),
      path: 'PendingWindowInDays',
    },
    {
      name: 'key deleted with the stack',
      templates: mutate(compliant, (r) => {
        (r.Records as Record<string, unknown>).DeletionPolicy = 'Delete';
      }),
      path: 'DeletionPolicy',
    },
  ],
};
