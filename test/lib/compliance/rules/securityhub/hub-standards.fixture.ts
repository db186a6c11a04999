import { SecurityHubStandards } from '../../../../../lib/compliance/rules/securityhub/hub-standards';
import type { StackTemplate } from '../../../../../lib/compliance/template/cfn-template';
import { mutate, type RuleFixture, setProperty, stackTemplate } from '../../../../helpers/template-fixtures';

const arnOf = (path: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':securityhub:', { Ref: 'AWS::Region' }, `::${path}`]],
});

/** A copy of `templates` without the resource `logicalId`. */
const withoutResource = (templates: readonly StackTemplate[], logicalId: string) =>
  mutate(templates, (_r, copy) => {
    for (const t of copy) delete (t.template.Resources as Record<string, unknown>)[logicalId];
  });

const compliant = [
  stackTemplate('Baseline', {
    Hub: { Type: 'AWS::SecurityHub::Hub', Properties: { EnableDefaultStandards: false } },
    Fsbp: {
      Type: 'AWS::SecurityHub::Standard',
      Properties: { StandardsArn: arnOf('standards/aws-foundational-security-best-practices/v/1.0.0') },
    },
    Cis: {
      Type: 'AWS::SecurityHub::Standard',
      Properties: {
        StandardsArn: 'arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/3.0.0',
      },
    },
    Nist: {
      Type: 'AWS::SecurityHub::Standard',
      Properties: { StandardsArn: arnOf('standards/nist-800-53/v/5.0.0') },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: SecurityHubStandards,
  compliant,
  bad: [
    {
      name: 'NIST 800-53 standard removed',
      templates: withoutResource(compliant, 'Nist'),
      path: 'Properties',
    },
    {
      name: 'CIS downgraded to v1.2.0',
      templates: mutate(compliant, (r) =>
        setProperty(
          r.Cis,
          'StandardsArn',
          'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0',
        ),
      ),
    },
    {
      name: 'FSBP standard ARN imported from outside the assembly',
      templates: mutate(compliant, (r) =>
        setProperty(r.Fsbp, 'StandardsArn', { 'Fn::ImportValue': 'FsbpArn' }),
      ),
      expect: 'unverified',
    },
  ],
};
