import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ResilientBackup } from '../../../constructs/backup/resilient-backup';
import { RestoreEvidence } from '../../../constructs/backup/restore-evidence';
import { PhiVpc } from '../../../constructs/network/phi-vpc';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';

const COPY_TO = { destinationVaultArn: 'arn:aws:backup:us-west-2:111122223333:backup-vault:phi-copy' };
/** The account's own default Security Hub product (the test stack's account and Region). */
const PRODUCT_ARN = 'arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default';

function fixture(recoveryTimeObjectiveHours?: number) {
  const stack = newTestStack();
  const vpc = new PhiVpc(stack, 'Network').vpc;
  const topic = new sns.Topic(stack, 'Alerts', { enforceSSL: true });
  const evidence = new RestoreEvidence(stack, 'RestoreEvidence', {
    vpc,
    alertTopic: topic,
    recoveryTimeObjectiveHours,
  });
  return { stack, vpc, topic, evidence, template: Template.fromStack(stack) };
}

describe('RestoreEvidence at its defaults', () => {
  const { evidence, template } = fixture();
  const TOPIC = { Ref: Match.stringLikeRegexp('^Alerts') };

  test('a rule sends every finished AWS Backup restore job to the function', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.backup'],
        'detail-type': ['Restore Job State Change'],
        detail: { status: ['COMPLETED', 'FAILED', 'ABORTED'] },
      },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RestoreEvidenceFunction'), 'Arn'] },
          DeadLetterConfig: Match.anyValue(),
        }),
      ],
    });
  });

  test('the function is told the 72-hour objective, the endpoints and its finding product, on a supported runtime', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Environment: {
        Variables: {
          RECOVERY_TIME_OBJECTIVE_HOURS: '72',
          BACKUP_ENDPOINT_URL: { 'Fn::Join': ['', ['https://', Match.anyValue()]] },
          SECURITY_HUB_ENDPOINT_URL: { 'Fn::Join': ['', ['https://', Match.anyValue()]] },
          SECURITY_HUB_PRODUCT_ARN: PRODUCT_ARN,
        },
      },
      VpcConfig: Match.objectLike({ SubnetIds: Match.anyValue() }),
    });
    expect(evidence.recoveryTimeObjectiveHours).toBe(72);
  });

  test('beyond logging, tracing and its queue: backup:DescribeRestoreJob, and importing findings to its own product only', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          { Sid: 'DescribeRestoreJobs', Effect: 'Allow', Action: 'backup:DescribeRestoreJob', Resource: '*' },
          {
            Sid: 'ImportRestoreFindings',
            Effect: 'Allow',
            Action: 'securityhub:BatchImportFindings',
            Resource: PRODUCT_ARN,
          },
        ],
      },
    });
    const statements = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    );
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => a.startsWith('backup:'))).toEqual(['backup:DescribeRestoreJob']);
    expect(actions.filter((a) => a.startsWith('securityhub:'))).toEqual(['securityhub:BatchImportFindings']);
    // Never on '*': a wildcard would let the function write findings as any product or partner.
    for (const s of statements.filter((st) => [st.Action].flat().some((a) => a.startsWith('securityhub:'))))
      expect(s.Resource).toEqual(PRODUCT_ARN);
    expect(actions).not.toContain('cloudwatch:PutMetricData');
    expect(actions.some((a) => a.endsWith(':*') || a === '*')).toBe(false);
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('evidence goes to a KMS-encrypted log group kept at least six years, retained', () => {
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        RetentionInDays: Match.anyValue(),
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RestoreEvidenceFunctionLogsKey'), 'Arn'] },
      },
      DeletionPolicy: 'Retain',
    });
    const groups = template.findResources('AWS::Logs::LogGroup', {
      Properties: { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RestoreEvidenceFunction'), 'Arn'] } },
    });
    for (const group of Object.values(groups))
      expect(group.Properties.RetentionInDays).toBeGreaterThanOrEqual(2192);
  });

  test.each([
    ['backup', 'BackupEndpoint'],
    ['securityhub', 'SecurityHubEndpoint'],
  ])('a %s interface endpoint without private DNS, reachable only from the function', (service, id) => {
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      ServiceName: `com.amazonaws.us-east-1.${service}`,
      PrivateDnsEnabled: false,
      VpcEndpointType: 'Interface',
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      GroupId: {
        'Fn::GetAtt': [Match.stringLikeRegexp(`^RestoreEvidence${id}SecurityGroup`), 'GroupId'],
      },
      SourceSecurityGroupId: {
        'Fn::GetAtt': [Match.stringLikeRegexp('^RestoreEvidenceFunctionSecurityGroup'), 'GroupId'],
      },
    });
  });

  test('alarms on a failed restore, a restore slower than the objective and an unimported finding, all notifying the topic', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'HipaaBaseline/Recovery',
      MetricName: 'RestoreFailed',
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [TOPIC],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'HipaaBaseline/Recovery',
      MetricName: 'RestoreDurationHours',
      Statistic: 'Maximum',
      Threshold: 72,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [TOPIC],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'HipaaBaseline/Recovery',
      MetricName: 'RestoreFindingFailed',
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [TOPIC],
    });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 3);
  });

  test('the packs and template evidence rules find nothing unacknowledged in it', () => {
    expectNoUnacknowledgedFindings(evidence);
  });

  test('the compliance check can fail: a findings grant on every resource is a finding', () => {
    const { stack, evidence: broken } = fixture();
    const policy = broken.node.findChild('Policy').node.defaultChild as unknown as {
      policyDocument: { Statement: { Resource: unknown }[] };
    };
    const doc = Stack.of(broken).resolve(policy.policyDocument) as { Statement: { Resource: unknown }[] };
    doc.Statement[1].Resource = '*';
    policy.policyDocument = doc;
    expect(collectUnacknowledgedFindings(stack).map((f) => f.ruleName)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^LeastPrivilege-NoWriteOnAnyResource\[.*securityhub:BatchImportFindings/),
      ]),
    );
  });

  test('the compliance check can fail: an alarm without actions is a finding', () => {
    const { stack, evidence: broken } = fixture();
    (broken.durationAlarm.node.defaultChild as unknown as { alarmActions?: string[] }).alarmActions = [];
    expect(collectUnacknowledgedFindings(stack).map((f) => f.ruleName)).toEqual(
      expect.arrayContaining([expect.stringMatching(/AlarmHasActions/)]),
    );
  });
});

describe('RestoreEvidence with a lower objective', () => {
  test('the duration alarm and the function use it', () => {
    const { template } = fixture(24);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'RestoreDurationHours',
      Threshold: 24,
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ RECOVERY_TIME_OBJECTIVE_HOURS: '24' }) },
    });
  });
});

describe('recoveryTimeObjectiveHours', () => {
  test.each([73, 0, -1, 1.5, 168])('fails synth for %p, naming prop, value, range and citation', (hours) => {
    expect(() => fixture(hours)).toThrow(
      new RegExp(
        `TestStack/RestoreEvidence: 'recoveryTimeObjectiveHours' must be an integer from 1 to 72 \\(164\\.308\\(a\\)\\(7\\)\\(ii\\)\\(B\\)\\), got ${String(hours).replace('.', '\\.')}`,
      ),
    );
    const stack = newTestStack();
    expect(
      () => new ResilientBackup(stack, 'Backups', { copyTo: COPY_TO, recoveryTimeObjectiveHours: hours }),
    ).toThrow(
      /TestStack\/Backups: 'recoveryTimeObjectiveHours' must be an integer from 1 to 72 \(164\.308\(a\)\(7\)\(ii\)\(B\)\)/,
    );
  });
});

describe('ResilientBackup with restoreEvidence', () => {
  test('measures restores against its objective and alarms its alert topic', () => {
    const stack = newTestStack();
    const vpc = new PhiVpc(stack, 'Network').vpc;
    const topic = new sns.Topic(stack, 'Alerts', { enforceSSL: true });
    const backups = new ResilientBackup(stack, 'Backups', {
      copyTo: COPY_TO,
      restoreEvidence: { vpc },
      recoveryTimeObjectiveHours: 48,
      alertTopic: topic,
    });
    const template = Template.fromStack(stack);
    expect(backups.restoreEvidence?.recoveryTimeObjectiveHours).toBe(48);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'RestoreDurationHours',
      Threshold: 48,
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Alerts') }],
    });
    expect(stack.node.metadata.filter((m) => String(m.data).includes('restore-not-measured'))).toEqual([]);
  });

  test('fails without an alert topic: the restore alarms would have no action', () => {
    const stack = newTestStack();
    const vpc = new PhiVpc(stack, 'Network').vpc;
    expect(
      () => new ResilientBackup(stack, 'Backups', { copyTo: COPY_TO, restoreEvidence: { vpc } }),
    ).toThrow(
      /TestStack\/Backups: 'alertTopic' must be a topic when restoreEvidence is set: the restore alarms need an action \(164\.308\(a\)\(7\)\(ii\)\(B\)\)/,
    );
  });

  test('without it, no evidence function exists and a warning says restores are not measured', () => {
    const stack = newTestStack();
    const backups = new ResilientBackup(stack, 'Backups', { copyTo: COPY_TO });
    expect(backups.restoreEvidence).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Alarm', 0);
    const warnings = backups.node.metadata.filter((m) => m.type === 'aws:cdk:warning');
    expect(warnings.map((w) => String(w.data))).toEqual([
      expect.stringMatching(
        /Restore jobs are not measured: give restoreEvidence.*\[ack: cdk-hipaa-baseline:restore-not-measured\]/,
      ),
    ]);
  });
});
