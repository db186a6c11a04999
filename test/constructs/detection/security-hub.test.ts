import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as securityhub from 'aws-cdk-lib/aws-securityhub';
import { RELAXATION_METADATA_KEY } from '../../../constructs/core/report-metadata';
import {
  DEFAULT_SECURITY_HUB_STANDARDS,
  SecurityHub,
  type SecurityHubProps,
  type SecurityHubStandard,
} from '../../../constructs/detection/security-hub';
import { newTestApp, newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';

/** The ARN of a standard in an environment-agnostic stack: partition and Region are tokens. */
const tokenArn = (path: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':securityhub:', { Ref: 'AWS::Region' }, `::${path}`]],
});

describe('SecurityHub at its defaults, in an environment-agnostic stack', () => {
  const stack = new Stack(newTestApp(), 'AnyEnv');
  const hub = new SecurityHub(stack, 'Hub');
  const template = Template.fromStack(stack);

  test('consolidates control findings, auto-enables controls and does not take Security Hub defaults', () => {
    template.resourceCountIs('AWS::SecurityHub::Hub', 1);
    template.hasResourceProperties('AWS::SecurityHub::Hub', {
      ControlFindingGenerator: 'SECURITY_CONTROL',
      AutoEnableControls: true,
      EnableDefaultStandards: false,
    });
  });

  test('enables FSBP v1.0.0, CIS v3.0.0 and NIST 800-53 Rev. 5 with partition and Region tokens', () => {
    const arns = Object.values(template.findResources('AWS::SecurityHub::Standard')).map(
      (r) => (r as { Properties: { StandardsArn: unknown } }).Properties.StandardsArn,
    );
    expect(arns).toEqual([
      tokenArn('standards/aws-foundational-security-best-practices/v/1.0.0'),
      tokenArn('standards/cis-aws-foundations-benchmark/v/3.0.0'),
      tokenArn('standards/nist-800-53/v/5.0.0'),
    ]);
  });

  test('makes every standard depend on the hub; offers no CIS 1.2.0 ruleset and no PCI by default', () => {
    for (const standard of Object.values(template.findResources('AWS::SecurityHub::Standard'))) {
      expect((standard as { DependsOn: string[] }).DependsOn).toEqual([expect.stringMatching(/^HubD/)]);
    }
    const json = JSON.stringify(template.toJSON());
    expect(json).not.toContain('ruleset/cis-aws-foundations-benchmark');
    expect(json).not.toContain('pci-dss');
    expect(Object.keys(hub.standards)).toEqual([...DEFAULT_SECURITY_HUB_STANDARDS]);
  });

  test('has no unacknowledged findings', () => {
    expectNoUnacknowledgedFindings(hub);
  });
});

describe('SecurityHub with PCI DSS added and NIST switched off, in us-east-1', () => {
  const stack = newTestStack();
  const hub = new SecurityHub(stack, 'Hub', {
    additionalStandards: ['PCI_DSS'],
    disabledStandards: [
      {
        standard: 'NIST_800_53_REV5',
        reason: 'The auditor maps controls through FSBP and CIS; NIST is duplicated noise here.',
      },
    ],
  });
  const template = Template.fromStack(stack);

  test('enables PCI DSS v4.0.1 with the literal partition and Region, and drops NIST', () => {
    template.resourceCountIs('AWS::SecurityHub::Standard', 3);
    template.hasResourceProperties('AWS::SecurityHub::Standard', {
      StandardsArn: 'arn:aws:securityhub:us-east-1::standards/pci-dss/v/4.0.1',
    });
    template.hasResourceProperties('AWS::SecurityHub::Standard', {
      StandardsArn: 'arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/3.0.0',
    });
    expect(JSON.stringify(template.toJSON())).not.toContain('nist-800-53');
    template.hasResourceProperties('AWS::SecurityHub::Hub', {
      EnableDefaultStandards: false,
      Tags: Match.absent(),
    });
  });

  test('acknowledges the missing standard on the hub with its reason, and has no other findings', () => {
    expectNoUnacknowledgedFindings(hub);
  });

  test('records the switched-off standard as a relaxation under 164.308(a)(8)', () => {
    expect(hub.node.metadata.filter((m) => m.type === RELAXATION_METADATA_KEY).map((m) => m.data)).toEqual([
      {
        citation: '164.308(a)(8)',
        setting: 'disabledStandards: NIST_800_53_REV5',
        reason: 'The auditor maps controls through FSBP and CIS; NIST is duplicated noise here.',
      },
    ]);
  });
});

describe('SecurityHub rejects bad input', () => {
  const build = (props: SecurityHubProps) => () => new SecurityHub(newTestStack(), 'Hub', props);

  test('rejects a standard that does not exist, listing the allowed names', () => {
    expect(build({ additionalStandards: ['HIPAA' as SecurityHubStandard] })).toThrow(
      /TestStack\/Hub: 'additionalStandards\[0\]' must be one of "AWS_FOUNDATIONAL_BEST_PRACTICES", "CIS_AWS_FOUNDATIONS", "NIST_800_53_REV5", "PCI_DSS" \(164\.308\(a\)\(8\)\), got "HIPAA"/,
    );
  });

  test('rejects adding a standard that is already on by default', () => {
    expect(build({ additionalStandards: ['CIS_AWS_FOUNDATIONS'] })).toThrow(
      /'additionalStandards\[0\]' must be a standard that is not already enabled by default \("PCI_DSS"\) \(164\.308\(a\)\(8\)\), got "CIS_AWS_FOUNDATIONS"/,
    );
  });

  test('rejects switching off an unknown standard or one that is not a default', () => {
    expect(
      build({
        disabledStandards: [
          { standard: 'PCI_DSS', reason: 'PCI is not enabled by default in this toolkit at all.' },
        ],
      }),
    ).toThrow(
      /'disabledStandards\[0\]\.standard' must be one of "AWS_FOUNDATIONAL_BEST_PRACTICES", "CIS_AWS_FOUNDATIONS", "NIST_800_53_REV5" \(164\.308\(a\)\(8\)\), got "PCI_DSS"/,
    );
  });

  test('rejects a switched-off standard without a reason', () => {
    expect(build({ disabledStandards: [{ standard: 'CIS_AWS_FOUNDATIONS', reason: '' }] })).toThrow(
      /TestStack\/Hub: 'disabledStandards\[0\]\.reason' must be a specific reason .*"CIS_AWS_FOUNDATIONS" \(it is empty\) \(164\.308\(a\)\(8\)\), got ""/,
    );
  });
});

describe('the compliance helper for Security Hub resources', () => {
  test('a hub without the toolkit standards fails the template evidence rule SecurityHubStandards', () => {
    // The cdk-nag packs have no Security Hub rule; the template evidence pack checks the standards.
    const stack = newTestStack();
    new securityhub.CfnHub(stack, 'LooseHub', { enableDefaultStandards: true, autoEnableControls: false });
    expect(collectUnacknowledgedFindings(stack).map((f) => f.ruleName)).toEqual([
      'TemplateEvidence-SecurityHubStandards',
    ]);
  });
});
