import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PhiVpc } from '../../../constructs/network/phi-vpc';
import { ResilienceStack } from '../../../lib/stacks/resilience-stack';
import { newTestApp } from '../../helpers/app';
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
    // Three containment functions, the posture collector and the restore evidence function.
    template.resourceCountIs('AWS::Lambda::Function', 5);
  });

  test('measures every finished restore against the 72-hour objective, alarming the high topic', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.backup'],
        'detail-type': ['Restore Job State Change'],
        detail: { status: ['COMPLETED', 'FAILED', 'ABORTED'] },
      },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BackupsRestoreEvidence'), 'Arn'] },
        }),
      ],
    });
    for (const [metric, threshold] of [
      ['RestoreFailed', 1],
      ['RestoreDurationHours', 72],
    ] as const) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: metric,
        Threshold: threshold,
        AlarmActions: [{ Ref: Match.stringLikeRegexp('^IncidentsHighTopic') }],
      });
    }
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

describe('ResilienceStack with an Aurora restore subnet group', () => {
  const app = newTestApp();
  const env = { account: '111122223333', region: 'us-east-1' };
  const copyTo = { destinationVaultArn: 'arn:aws:backup:us-west-2:111122223333:backup-vault:phi-copies' };
  const vpc = new PhiVpc(new Stack(app, 'Network', { env }), 'Network').vpc;
  const stack = new ResilienceStack(app, 'Resilience', {
    env,
    vpc,
    auroraRestoreSubnetGroupName: 'phi-db-subnets',
    recoveryTimeObjectiveHours: 24,
    copyTo,
  });
  const template = Template.fromStack(stack);

  test('restore tests cover S3, DynamoDB and Aurora, restored clusters in a closed security group', () => {
    for (const type of ['S3', 'DynamoDB']) {
      template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', { ProtectedResourceType: type });
    }
    template.hasResourceProperties('AWS::Backup::RestoreTestingSelection', {
      ProtectedResourceType: 'Aurora',
      RestoreMetadataOverrides: Match.objectLike({ dbSubnetGroupName: 'phi-db-subnets' }),
    });
    template.resourceCountIs('AWS::Backup::RestoreTestingSelection', 3);
    const closed = Object.values(
      template.findResources('AWS::EC2::SecurityGroup', {
        Properties: {
          GroupDescription: Match.stringLikeRegexp('^Aurora clusters restored by restore tests'),
        },
      }),
    );
    expect(closed).toHaveLength(1);
    expect(closed[0].Properties.SecurityGroupIngress).toBeUndefined();
    // CDK's placeholder rule for "no egress": 255.255.255.255/32, ICMP type 252 code 86.
    expect(closed[0].Properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ CidrIp: '255.255.255.255/32', IpProtocol: 'icmp' }),
    ]);
  });

  test('the duration alarm uses the lower objective', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'RestoreDurationHours',
      Threshold: 24,
    });
  });

  test('fails synth for an objective above 72 hours', () => {
    const other = newTestApp();
    const otherVpc = new PhiVpc(new Stack(other, 'Network', { env }), 'Network').vpc;
    expect(
      () =>
        new ResilienceStack(other, 'Resilience', {
          env,
          vpc: otherVpc,
          recoveryTimeObjectiveHours: 96,
          copyTo,
        }),
    ).toThrow(
      /Resilience\/Backups: 'recoveryTimeObjectiveHours' must be an integer from 1 to 72 \(164\.308\(a\)\(7\)\(ii\)\(B\)\), got 96/,
    );
  });
});
