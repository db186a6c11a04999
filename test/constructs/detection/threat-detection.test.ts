import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RELAXATION_METADATA_KEY } from '../../../constructs/core/report-metadata';
import { RetentionProfile } from '../../../constructs/core/retention';
import {
  type DisabledProtection,
  ThreatDetection,
  type ThreatDetectionProps,
} from '../../../constructs/detection/threat-detection';
import { PhiBucket } from '../../../constructs/storage/phi-bucket';
import { evaluateTemplateEvidence } from '../../../lib/compliance/evaluate';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';
import { unreplicated } from '../../helpers/phi-bucket-props';

type Statement = {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
};
const statementsOf = (template: Template, type: string, path: string[]): Statement[] =>
  Object.values(template.findResources(type)).flatMap((r) => {
    let node = (r as { Properties: unknown }).Properties as Record<string, unknown>;
    for (const p of path) node = node[p] as Record<string, unknown>;
    return node.Statement as unknown as Statement[];
  });

describe('ThreatDetection at its defaults, scanning one PHI bucket', () => {
  const stack = newTestStack();
  const uploads = new PhiBucket(stack, 'Uploads', unreplicated());
  const threats = new ThreatDetection(stack, 'Threats', { malwareProtectionBuckets: [uploads.bucket] });
  const template = Template.fromStack(stack);

  test('enables the detector, publishing every 15 minutes, with every protection through Features', () => {
    template.resourceCountIs('AWS::GuardDuty::Detector', 1);
    template.hasResourceProperties('AWS::GuardDuty::Detector', {
      Enable: true,
      FindingPublishingFrequency: 'FIFTEEN_MINUTES',
      DataSources: Match.absent(),
      Features: [
        { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
        { Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' },
        { Name: 'EBS_MALWARE_PROTECTION', Status: 'ENABLED' },
        { Name: 'RDS_LOGIN_EVENTS', Status: 'ENABLED' },
        { Name: 'LAMBDA_NETWORK_LOGS', Status: 'ENABLED' },
        {
          Name: 'RUNTIME_MONITORING',
          Status: 'ENABLED',
          AdditionalConfiguration: [
            { Name: 'EKS_ADDON_MANAGEMENT', Status: 'ENABLED' },
            { Name: 'ECS_FARGATE_AGENT_MANAGEMENT', Status: 'ENABLED' },
            { Name: 'EC2_AGENT_MANAGEMENT', Status: 'ENABLED' },
          ],
        },
      ],
    });
    expect(JSON.stringify(template.toJSON())).not.toContain('EKS_RUNTIME_MONITORING');
  });

  test('exports findings to the findings bucket, encrypted with the findings key', () => {
    template.hasResourceProperties('AWS::GuardDuty::PublishingDestination', {
      DetectorId: { Ref: Match.stringLikeRegexp('^ThreatsDetector') },
      DestinationType: 'S3',
      DestinationProperties: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ThreatsFindingsBucket'), 'Arn'] },
        KmsKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ThreatsFindingsKey'), 'Arn'] },
      },
    });
  });

  test('keeps exported findings six years, then expires them', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: Match.objectLike({
        ServerSideEncryptionConfiguration: [
          Match.objectLike({
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ThreatsFindingsKey'), 'Arn'] },
            },
          }),
        ],
      }),
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            Id: 'ExpireAfterRetention',
            ExpirationInDays: 2192,
            NoncurrentVersionExpiration: { NoncurrentDays: 2192 },
          }),
        ]),
      },
    });
  });

  test('lets only GuardDuty for this detector put findings and locate the bucket', () => {
    const detectorCondition = {
      StringEquals: {
        'aws:SourceAccount': '111122223333',
        'aws:SourceArn': {
          'Fn::Join': [
            '',
            [
              Match.stringLikeRegexp('guardduty:us-east-1:111122223333:detector/'),
              { Ref: Match.stringLikeRegexp('^ThreatsDetector') },
            ],
          ],
        },
      },
    };
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowGuardDutyGetBucketLocation',
            Principal: { Service: 'guardduty.amazonaws.com' },
            Action: 's3:GetBucketLocation',
            Condition: detectorCondition,
          }),
          Match.objectLike({
            Sid: 'AllowGuardDutyPutFindings',
            Principal: { Service: 'guardduty.amazonaws.com' },
            Action: 's3:PutObject',
            Condition: detectorCondition,
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowGuardDutyEncryptFindings',
            Principal: { Service: 'guardduty.amazonaws.com' },
            Action: 'kms:GenerateDataKey',
            Condition: detectorCondition,
          }),
        ]),
      },
    });
  });

  test('creates a malware protection plan with result tagging and a role trusted only by the service', () => {
    template.hasResourceProperties('AWS::GuardDuty::MalwareProtectionPlan', {
      ProtectedResource: { S3Bucket: { BucketName: { Ref: Match.stringLikeRegexp('^UploadsBucket') } } },
      Actions: { Tagging: { Status: 'ENABLED' } },
      Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ThreatsMalwareProtection0Role'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'malware-protection-plan.guardduty.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
          }),
        ],
      },
    });
  });

  test('scopes the malware role to the one bucket, its key and the managed rule prefix', () => {
    const statements = statementsOf(template, 'AWS::IAM::ManagedPolicy', ['PolicyDocument']);
    expect(statements.map((s) => s.Sid).sort()).toEqual([
      'AllowCheckBucketOwnership',
      'AllowDecryptForMalwareScan',
      'AllowEnableS3EventBridgeEvents',
      'AllowGuardDutyToMonitorEventBridgeManagedRule',
      'AllowMalwareScan',
      'AllowManagedRuleToSendS3EventsToGuardDuty',
      'AllowPostScanTag',
      'AllowPutValidationObject',
    ]);
    for (const s of statements) {
      expect(s.Resource).not.toEqual('*');
      expect([s.Action].flat().some((a) => a.endsWith(':*') || a === '*')).toBe(false);
    }
    const decrypt = statements.find((s) => s.Sid === 'AllowDecryptForMalwareScan');
    expect(decrypt?.Condition).toEqual({
      StringLike: { 'kms:ViaService': { 'Fn::Join': ['', ['s3.*.', { Ref: 'AWS::URLSuffix' }]] } },
    });
    const rules = statements.find((s) => s.Sid === 'AllowManagedRuleToSendS3EventsToGuardDuty');
    expect(rules?.Resource).toBe(
      'arn:aws:events:us-east-1:111122223333:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*',
    );
  });

  test('records no relaxation and has no wildcard principal in any Allow', () => {
    expect(threats.node.metadata.filter((m) => m.type === RELAXATION_METADATA_KEY)).toEqual([]);
    const allows = statementsOf(template, 'AWS::S3::BucketPolicy', ['PolicyDocument']).filter(
      (s) => s.Effect === 'Allow',
    );
    for (const s of allows) expect(JSON.stringify(s)).not.toContain('"Principal":"*"');
  });

  test('has no unacknowledged findings', () => {
    expectNoUnacknowledgedFindings(threats);
  });
});

describe('ThreatDetection with protections switched off on purpose', () => {
  const stack = newTestStack();
  const key = kms.Key.fromKeyArn(
    stack,
    'Imported',
    'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  );
  const threats = new ThreatDetection(stack, 'Threats', {
    encryptionKey: key,
    findingsRetention: RetentionProfile.INDEFINITE,
    disabledProtections: [
      {
        feature: 'EKS_AUDIT_LOGS',
        reason: 'No EKS clusters run in this account; revisit when EKS is adopted.',
      },
      {
        feature: 'RUNTIME_MONITORING',
        reason: 'Workloads run a third-party EDR agent reviewed by security.',
      },
    ],
  });
  const template = Template.fromStack(stack);

  test('marks the features DISABLED, including the runtime agents', () => {
    const features = template.findResources('AWS::GuardDuty::Detector');
    const [detector] = Object.values(features) as { Properties: { Features: unknown[] } }[];
    expect(detector.Properties.Features).toEqual(
      expect.arrayContaining([
        { Name: 'EKS_AUDIT_LOGS', Status: 'DISABLED' },
        { Name: 'S3_DATA_EVENTS', Status: 'ENABLED' },
        {
          Name: 'RUNTIME_MONITORING',
          Status: 'DISABLED',
          AdditionalConfiguration: [
            { Name: 'EKS_ADDON_MANAGEMENT', Status: 'DISABLED' },
            { Name: 'ECS_FARGATE_AGENT_MANAGEMENT', Status: 'DISABLED' },
            { Name: 'EC2_AGENT_MANAGEMENT', Status: 'DISABLED' },
          ],
        },
      ]),
    );
  });

  test('records each as a relaxation with its citation and reason', () => {
    const relaxations = threats.node.metadata
      .filter((m) => m.type === RELAXATION_METADATA_KEY)
      .map((m) => m.data);
    expect(relaxations).toEqual([
      {
        citation: '164.308(a)(1)(ii)(D)',
        setting: 'disabledProtections: EKS_AUDIT_LOGS',
        reason: 'No EKS clusters run in this account; revisit when EKS is adopted.',
      },
      {
        citation: '164.308(a)(5)(ii)(B)',
        setting: 'disabledProtections: RUNTIME_MONITORING',
        reason: 'Workloads run a third-party EDR agent reviewed by security.',
      },
    ]);
  });

  test('the disabled features are acknowledged on the detector for template evidence, with their reasons', () => {
    const findings = evaluateTemplateEvidence(threats).filter(
      (f) => f.ruleName === 'TemplateEvidence-GuardDutyDetectorFeatures',
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]?.acknowledgment?.reason).toMatch(
      /EKS_AUDIT_LOGS \(No EKS clusters run in this account.*RUNTIME_MONITORING \(Workloads run a third-party EDR/,
    );
  });

  test('with an imported key, warns, records a manual attestation and keeps findings indefinitely', () => {
    expect(threats.node.metadata.map((m) => m.type)).toContain('cdk-hipaa-baseline:attestation');
    Annotations.fromStack(stack).hasWarning(
      '/TestStack/Threats',
      Match.stringLikeRegexp('must allow guardduty.amazonaws.com kms:GenerateDataKey'),
    );
    template.hasResourceProperties('AWS::GuardDuty::PublishingDestination', {
      DestinationProperties: {
        KmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      },
    });
    const rules = JSON.stringify(template.findResources('AWS::S3::Bucket'));
    expect(rules).not.toContain('ExpireAfterRetention');
  });
});

describe('ThreatDetection rejects bad input', () => {
  const build = (props: ThreatDetectionProps) => () => new ThreatDetection(newTestStack(), 'Threats', props);
  const reason = 'No EKS clusters run in this account; revisit when EKS is adopted.';

  test('rejects an unknown protection name, listing the allowed names', () => {
    expect(
      build({ disabledProtections: [{ feature: 'EKS' as DisabledProtection['feature'], reason }] }),
    ).toThrow(
      /TestStack\/Threats: 'disabledProtections\[0\]\.feature' must be one of "S3_DATA_EVENTS", "EKS_AUDIT_LOGS", .*"EC2_AGENT_MANAGEMENT" \(164\.308\(a\)\(5\)\(ii\)\(B\)\), got "EKS"/,
    );
  });

  test('rejects a disabled protection without a reason', () => {
    expect(build({ disabledProtections: [{ feature: 'RDS_LOGIN_EVENTS' } as DisabledProtection] })).toThrow(
      /TestStack\/Threats: 'disabledProtections\[0\]\.reason' must be a specific reason .* "RDS_LOGIN_EVENTS" \(it is missing\) \(164\.308\(a\)\(5\)\(ii\)\(C\)\), got undefined/,
    );
  });

  test('rejects a vague reason and a protection listed twice', () => {
    expect(
      build({
        disabledProtections: [
          { feature: 'S3_DATA_EVENTS', reason: 'not needed' },
          { feature: 'S3_DATA_EVENTS', reason },
        ],
      }),
    ).toThrow(
      /'disabledProtections\[0\]\.reason' must be .* \(it is boilerplate\) \(164\.308\(a\)\(1\)\(ii\)\(D\)\), got "not needed"\n.*'disabledProtections\[1\]\.feature' must be listed once/,
    );
  });

  test('rejects a retention below six years passed from plain JavaScript', () => {
    expect(build({ findingsRetention: { days: 365 } as unknown as RetentionProfile })).toThrow(
      /TestStack\/Threats: 'findingsRetention' must be a RetentionProfile of at least 2192 days \(6 years\) or INDEFINITE, .* \(164\.316\(b\)\(2\)\(i\)\), got \{"days":365\}/,
    );
  });
});

describe('the compliance helper can fail for what ThreatDetection creates', () => {
  test('a plain findings bucket and an inline-policy role have findings', () => {
    const stack = newTestStack();
    new s3.Bucket(stack, 'PlainFindings');
    const role = new iam.Role(stack, 'PlainRole', {
      assumedBy: new iam.ServicePrincipal('guardduty.amazonaws.com'),
    });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
    const rules = collectUnacknowledgedFindings(stack).map((f) => f.ruleName);
    expect(rules).toEqual(
      expect.arrayContaining([
        'HIPAA.Security-S3DefaultEncryptionKMS',
        'HIPAA.Security-S3BucketLoggingEnabled',
        'HIPAA.Security-IAMNoInlinePolicy',
      ]),
    );
  });
});
