import * as fs from 'node:fs';
import * as path from 'node:path';
import { Aws, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { PhiKey } from '../../../constructs/encryption/phi-key';
import { PhiVpc } from '../../../constructs/network/phi-vpc';
import { PhiBucket } from '../../../constructs/storage/phi-bucket';
import { POSTURE_READ_ACTIONS } from '../../../lib/posture/permissions';
import {
  ScheduledPostureCollector,
  type ScheduledPostureCollectorProps,
} from '../../../lib/posture/scheduled-posture';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';
import { unreplicated } from '../../helpers/phi-bucket-props';

/** An evidence bucket and an encrypted drift topic in `stack`. */
function dependencies(stack: Stack) {
  const evidence = new PhiBucket(stack, 'Evidence', unreplicated());
  const topic = new sns.Topic(stack, 'Drift', {
    masterKey: new PhiKey(stack, 'TopicKey', { dataDomain: 'drift-alerts' }).key,
    enforceSSL: true,
  });
  return { evidenceBucket: evidence.bucket, driftTopic: topic };
}

describe('ScheduledPostureCollector at its defaults', () => {
  const stack = newTestStack();
  const deps = dependencies(stack);
  const collector = new ScheduledPostureCollector(stack, 'Posture', deps);
  const template = Template.fromStack(stack);

  test('runs a locally bundled Node.js 22 handler, one at a time, traced, with a CMK-encrypted environment', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      ReservedConcurrentExecutions: 1,
      TracingConfig: { Mode: 'Active' },
      KmsKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PostureKey'), 'Arn'] },
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^PostureLogsLogGroup') } },
      DeadLetterConfig: {
        TargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PostureDeadLetterQueue'), 'Arn'] },
      },
      VpcConfig: Match.absent(),
      Environment: {
        Variables: Match.objectLike({
          POSTURE_REGIONS: 'us-east-1',
          POSTURE_EVIDENCE_PREFIX: 'posture/',
          POSTURE_INTENDED_REPORT_KEY: 'posture/intended/report.json',
          POSTURE_EVIDENCE_KEY_ARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EvidenceKey'), 'Arn'] },
          POSTURE_DRIFT_TOPIC_ARN: { Ref: Match.stringLikeRegexp('^Drift') },
        }),
      },
    });
  });

  test('bundles the handler into a directory holding one JavaScript file, once per process', () => {
    const files = fs.readdirSync(collector.bundle.dir);
    expect(files).toEqual(['index.js']);
    expect(fs.statSync(path.join(collector.bundle.dir, 'index.js')).size).toBe(collector.bundle.bytes);
    // Measured: esbuild takes about a second here; the budget keeps synth-heavy suites fast.
    expect(collector.bundle.ms).toBeLessThan(20_000);
    const again = new ScheduledPostureCollector(newTestStack(), 'Again', dependencies(newTestStack()));
    expect(again.bundle).toMatchObject({ dir: collector.bundle.dir, cached: true });
  });

  test('runs monthly, on the 1st at 06:00 UTC', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 6 1 * ? *)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PostureFunction'), 'Arn'] } }),
      ],
    });
  });

  test('sends failed invocations to a CMK-encrypted, TLS-only queue kept 14 days', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PostureKey'), 'Arn'] },
      MessageRetentionPeriod: 14 * 86_400,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ],
      },
    });
  });

  test('logs to an encrypted audit log group kept six years', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PostureLogsKey'), 'Arn'] },
      RetentionInDays: 2192,
    });
  });

  test('grants least privilege in one customer-managed policy: posture reads, evidence writes, keys and topic', () => {
    const statements = template.findResources('AWS::IAM::ManagedPolicy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^PostureRole') }] },
    });
    const [policy] = Object.values(statements) as {
      Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } };
    }[];
    const bySid = Object.fromEntries(policy.Properties.PolicyDocument.Statement.map((s) => [s.Sid, s]));
    expect(bySid.ReadPosture).toEqual({
      Sid: 'ReadPosture',
      Effect: 'Allow',
      Action: [...POSTURE_READ_ACTIONS].sort(),
      Resource: '*',
    });
    expect(bySid.WriteEvidence).toMatchObject({
      Action: 's3:PutObject',
      Resource: {
        'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^EvidenceBucket/), 'Arn'] }, '/posture/*']],
      },
    });
    expect(bySid.ReadIntendedReport).toMatchObject({ Action: 's3:GetObject' });
    expect(bySid.UseEvidenceKey).toMatchObject({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'] });
    expect(bySid.NotifyDrift).toMatchObject({
      Action: 'sns:Publish',
      Resource: { Ref: expect.stringMatching(/^Drift/) },
    });
    expect(bySid.UseTopicKey).toMatchObject({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'] });
    expect(bySid.VpcAccess).toBeUndefined();
    for (const statement of policy.Properties.PolicyDocument.Statement) {
      const actions = ([] as string[]).concat(statement.Action as string | string[]);
      expect(actions.filter((a) => a === '*' || a.endsWith(':*'))).toEqual([]);
    }
  });

  test('has no inline policy and no AWS-managed policy on the role', () => {
    expect(template.findResources('AWS::IAM::Policy')).toEqual({});
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      }),
      ManagedPolicyArns: Match.absent(),
      Policies: Match.absent(),
    });
  });

  test('leaves no unacknowledged HIPAA.Security, NIST 800-53 or AwsSolutions finding', () => {
    expectNoUnacknowledgedFindings(collector);
  });
});

describe('ScheduledPostureCollector in a PhiVpc', () => {
  const stack = newTestStack();
  const network = new PhiVpc(stack, 'Network');
  const collector = new ScheduledPostureCollector(stack, 'Posture', {
    ...dependencies(stack),
    vpc: network.vpc,
    regions: ['us-east-1', 'us-west-2'],
    conformancePacks: ['hipaa-security'],
  });
  const template = Template.fromStack(stack);

  test('runs in the application subnets with HTTPS-only egress and the network-interface permissions', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      VpcConfig: {
        SubnetIds: [
          { Ref: Match.stringLikeRegexp('^NetworkVpcapplicationSubnet1') },
          { Ref: Match.stringLikeRegexp('^NetworkVpcapplicationSubnet2') },
        ],
        SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^PostureSecurityGroup'), 'GroupId'] }],
      },
      Environment: {
        Variables: Match.objectLike({
          POSTURE_REGIONS: 'us-east-1,us-west-2',
          POSTURE_CONFORMANCE_PACKS: 'hipaa-security',
        }),
      },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('Posture collector'),
      SecurityGroupIngress: Match.absent(),
      SecurityGroupEgress: [Match.objectLike({ FromPort: 443, ToPort: 443 })],
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'VpcAccess', Resource: '*' })]) },
    });
  });

  test('leaves no unacknowledged finding, without acknowledging LambdaInsideVPC', () => {
    expectNoUnacknowledgedFindings(collector);
    const fn = collector.function.node.defaultChild as lambda.CfnFunction;
    const acknowledged = JSON.stringify(fn.node.metadata.concat(collector.function.node.metadata));
    expect(acknowledged).not.toContain('LambdaInsideVPC');
  });
});

describe('the compliance helper on a bare function', () => {
  test('fails for a Lambda function without the collector’s hardening', () => {
    const stack = newTestStack();
    new lambda.Function(stack, 'Bare', {
      code: lambda.Code.fromInline('exports.handler = async () => 1;'),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_22_X,
    });
    const rules = collectUnacknowledgedFindings(stack).map((f) => f.ruleName);
    expect(rules).toEqual(
      expect.arrayContaining([
        'HIPAA.Security-LambdaDLQ',
        'HIPAA.Security-LambdaConcurrency',
        'HIPAA.Security-LambdaInsideVPC',
      ]),
    );
  });
});

describe('ScheduledPostureCollector props', () => {
  const build = (props: Partial<ScheduledPostureCollectorProps>, stack = newTestStack()) =>
    new ScheduledPostureCollector(stack, 'Posture', { ...dependencies(stack), ...props });

  test('rejects an evidence bucket without a customer-managed key', () => {
    const stack = newTestStack();
    const plain = s3.Bucket.fromBucketName(stack, 'Plain', 'plain-bucket');
    expect(() => build({ evidenceBucket: plain }, stack)).toThrow(
      /TestStack\/Posture: 'evidenceKey' must be the customer-managed KMS key of a KMS-encrypted evidence bucket .* \(164\.312\(a\)\(2\)\(iv\)\), got undefined/,
    );
  });

  test.each([
    ['', '""'],
    ['posture', '"posture"'],
    ['posture/*/', '"posture/\\*/"'],
  ])('rejects the evidence prefix %j', (prefix, shown) => {
    expect(() => build({ evidencePrefix: prefix })).toThrow(
      new RegExp(
        `TestStack/Posture: 'evidencePrefix' must be a literal key prefix of path segments ending in '/'.* \\(164\\.308\\(a\\)\\(8\\)\\), got ${shown}`,
      ),
    );
  });

  test('rejects a token evidence prefix, which would leave s3:PutObject unbounded', () => {
    expect(() => build({ evidencePrefix: `${Aws.STACK_NAME}/` })).toThrow(
      /'evidencePrefix' must be a literal key prefix .* \(164\.308\(a\)\(8\)\), got an unresolved token/,
    );
  });

  test('rejects a region name that is not one', () => {
    expect(() => build({ regions: ['us-east-1', 'Europe'] })).toThrow(
      /TestStack\/Posture: 'regions\[1\]' must be a region name such as us-east-1 \(164\.308\(a\)\(8\)\), got "Europe"/,
    );
  });

  test('rejects an empty region list', () => {
    expect(() => build({ regions: [] })).toThrow(
      /'regions' must be at least one region \(164\.308\(a\)\(8\)\), got \[\]/,
    );
  });

  test('rejects a malformed conformance pack name', () => {
    expect(() => build({ conformancePacks: ['hipaa pack'] })).toThrow(
      /'conformancePacks\[0\]' must be a conformance pack name \(164\.308\(a\)\(8\)\), got "hipaa pack"/,
    );
  });

  test('rejects an intended report key that is not a literal .json key', () => {
    expect(() => build({ intendedReportKey: 'posture/*.json' })).toThrow(
      /'intendedReportKey' must be a literal object key ending in .json.* \(164\.308\(a\)\(8\)\), got "posture\/\*.json"/,
    );
  });

  test('rejects public subnets', () => {
    const stack = newTestStack();
    const vpc = new ec2.Vpc(stack, 'Open', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'web', subnetType: ec2.SubnetType.PUBLIC }],
    });
    expect(() => build({ vpc, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }, stack)).toThrow(
      /TestStack\/Posture: 'vpcSubnets' must be at least one subnet, none of them public \(isolated or private-with-egress only\) \(164\.312\(e\)\(1\)\)/,
    );
  });
});
