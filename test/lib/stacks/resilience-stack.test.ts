import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PhiVpc } from '../../../constructs/network/phi-vpc';
import { ResilienceStack } from '../../../lib/stacks/resilience-stack';
import { addAccountTrail, newGatedApp, synthAndReadValidation } from '../../helpers/gated-app';

describe('ResilienceStack, gated, CloudFormation validator on', () => {
  const { app, outdir } = newGatedApp('resilience-');
  addAccountTrail(app); // the account's trail logs the stack's PHI data events
  const env = { account: '111122223333', region: 'us-east-1' };
  const network = new Stack(app, 'Network', { env });
  const vpc = new PhiVpc(network, 'Network').vpc;
  const stack = new ResilienceStack(app, 'Resilience', {
    env,
    vpc,
    copyTo: { destinationVaultArn: 'arn:aws:backup:us-west-2:111122223333:backup-vault:phi-copies' },
    subscribers: {
      critical: [{ email: 'security@example.com' }],
      high: [{ email: 'oncall@example.com' }],
      medium: [{ email: 'team@example.com' }],
    },
  });
  const { error: synthError, report } = synthAndReadValidation(app, outdir);
  const template = Template.fromStack(stack);

  test('synthesizes without error', () => {
    expect(synthError).toBeUndefined();
  });

  test('the validation report has no violations in any plugin', () => {
    expect(report.pluginReports.map((r) => r.pluginName)).toEqual(
      expect.arrayContaining(['HIPAA.Security', 'NIST.800.53.R5', 'AwsSolutions']),
    );
    for (const plugin of report.pluginReports) {
      expect([plugin.pluginName, plugin.violations]).toEqual([plugin.pluginName, []]);
      expect([plugin.pluginName, plugin.conclusion]).toEqual([plugin.pluginName, 'success']);
    }
  });

  test('every acknowledged finding carries a specific reason', () => {
    const suppressed = report.pluginReports.flatMap((r) => r.suppressedViolations ?? []);
    expect(suppressed.length).toBeGreaterThan(0);
    for (const s of suppressed) expect(s.reason.length).toBeGreaterThanOrEqual(20);
  });

  test('every containment action runs in dry-run mode and writes to the evidence bucket', () => {
    const containment = template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: Match.objectLike({ CONTAINMENT_DRY_RUN: Match.anyValue() }) } },
    });
    expect(Object.keys(containment)).toHaveLength(3);
    for (const fn of Object.values(containment)) {
      expect(fn.Properties.Environment.Variables).toMatchObject({
        CONTAINMENT_DRY_RUN: 'true',
        EVIDENCE_BUCKET: { Ref: expect.stringMatching(/^IncidentEvidenceBucket/) },
      });
    }
  });

  test('collects live posture monthly into the evidence bucket and alerts on drift', () => {
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(0 6 1 * ? *)' });
    template.resourceCountIs('AWS::Lambda::Function', 4);
  });

  test('the evidence bucket locks objects in compliance mode for six years', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2192 } },
      },
    });
  });

  test('backups are locked, select PHI, are restore-tested, and alert the high topic on failure', () => {
    template.hasResourceProperties('AWS::Backup::BackupVault', {
      LockConfiguration: { MinRetentionDays: 35, MaxRetentionDays: 2558, ChangeableForDays: 3 },
    });
    template.hasResourceProperties('AWS::Backup::BackupSelection', {
      BackupSelection: Match.objectLike({
        ListOfTags: [Match.objectLike({ ConditionKey: 'DataClassification' })],
      }),
    });
    template.resourceCountIs('AWS::Backup::RestoreTestingSelection', 2);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ source: ['aws.backup'] }),
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^IncidentsHighTopic') } })],
    });
  });

  test('isolation quarantines instances of the given VPC', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^Quarantine'),
      VpcId: {
        'Fn::GetStackOutput': Match.objectLike({
          StackName: 'Network',
          OutputName: Match.stringLikeRegexp('NetworkVpc'),
        }),
      },
    });
  });
});
