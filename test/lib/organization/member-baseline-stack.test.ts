import * as fs from 'node:fs';
import * as path from 'node:path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ORGANIZATION_BACKUP_VAULT_NAME } from '../../../constructs/backup/backup-account-vault';
import { applyComplianceGate } from '../../../lib/compliance/gate';
import {
  MEMBER_CONFIG_PARAMETERS,
  MEMBER_PATCH_GROUP,
  MemberBaselineStack,
} from '../../../lib/organization/member-baseline-stack';
import { newTestApp } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';

const BACKUP_ACCOUNT = '444455556666';
const PAGE = [{ email: 'security@example.org' }];
const SUBSCRIBERS = { critical: PAGE, high: PAGE, medium: PAGE };

describe('MemberBaselineStack at defaults', () => {
  const app = newTestApp();
  applyComplianceGate(app, { report: false });
  const stack = new MemberBaselineStack(app, 'Member', {
    incidentSubscribers: {
      critical: [{ email: 'security@example.org' }],
      high: [{ email: 'security@example.org' }],
      medium: [{ email: 'security@example.org' }],
    },
  });
  const template = Template.fromStack(stack);

  test('creates a rotating PHI key, a six-year audit log group and a locked backup vault', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 2192,
      KmsKeyId: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: Match.objectLike({}) });
  });

  test('registers HIPAA patch baselines as defaults and schedules patching for the member patch group', () => {
    template.hasResourceProperties('AWS::SSM::PatchBaseline', {
      PatchGroups: [MEMBER_PATCH_GROUP],
      DefaultBaseline: true,
    });
    template.hasResourceProperties('AWS::SSM::MaintenanceWindowTarget', {
      Targets: [{ Key: Match.stringLikeRegexp('^tag:'), Values: [MEMBER_PATCH_GROUP] }],
    });
    template.hasResourceProperties('Custom::AWS', {
      Create: Match.stringLikeRegexp('enableEbsEncryptionByDefault'),
    });
  });

  test('routes incidents by severity to encrypted topics, with containment in dry-run mode', () => {
    template.resourceCountIs('AWS::SNS::Topic', 3);
    template.allResourcesProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ CONTAINMENT_DRY_RUN: 'true' }) },
    });
  });

  test('creates no Security Hub custom action: one template serves Regions that lack the resource type', () => {
    template.resourceCountIs('AWS::SecurityHub::ActionTarget', 0);
    template.hasResourceProperties('AWS::SSM::Document', { DocumentType: 'Automation' });
  });

  test('records every resource type with AWS Config and deploys the HIPAA conformance pack', () => {
    template.hasResourceProperties('AWS::Config::ConfigurationRecorder', {
      RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: true },
    });
    template.hasResourceProperties('AWS::Config::ConformancePack', { ConformancePackName: 'HIPAA-Security' });
  });

  test("delivers configuration history to the organization's bucket and key, named by StackSet parameters", () => {
    expect(Object.keys(template.toJSON().Parameters ?? {})).toEqual(
      expect.arrayContaining([MEMBER_CONFIG_PARAMETERS.bucketName, MEMBER_CONFIG_PARAMETERS.keyArn]),
    );
    template.hasResourceProperties('AWS::Config::DeliveryChannel', {
      S3BucketName: { Ref: MEMBER_CONFIG_PARAMETERS.bucketName },
      S3KmsKeyArn: { Ref: MEMBER_CONFIG_PARAMETERS.keyArn },
    });
    // The recorder role may write only under this account's prefix of that bucket, with that key.
    const [delivery] = Object.values(
      template.findResources('AWS::IAM::ManagedPolicy', {
        Properties: {
          PolicyDocument: {
            Statement: Match.arrayWith([Match.objectLike({ Sid: 'DeliverToHistoryBucket' })]),
          },
        },
      }),
    );
    expect(JSON.stringify(delivery)).toContain('/AWSLogs/');
    expect(JSON.stringify(delivery)).toContain(`{"Ref":"${MEMBER_CONFIG_PARAMETERS.keyArn}"}`);
    // No configuration-history bucket of the member's own: the member account could delete its history.
    expect(
      Object.keys(template.findResources('AWS::S3::Bucket')).filter((id) => id.startsWith('ConfigHistory')),
    ).toEqual([]);
  });

  test('leaves account-wide identity to the identity StackSet and bounds its own roles per Region', () => {
    template.resourceCountIs('Custom::AccountPasswordPolicy', 0);
    const boundary = template.findResources('AWS::IAM::ManagedPolicy', {
      Properties: {
        ManagedPolicyName: { 'Fn::Join': ['', ['hipaa-member-baseline-boundary-', { Ref: 'AWS::Region' }]] },
      },
    });
    const [boundaryId] = Object.keys(boundary);
    expect(boundaryId).toBeDefined();
    template.allResourcesProperties('AWS::IAM::Role', { PermissionsBoundary: { Ref: boundaryId } });
  });

  test('passes the compliance gate with no violations', () => {
    const outdir = app.synth().directory;
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { violations: unknown[] }[];
    };
    expect(report.pluginReports.length).toBeGreaterThan(0);
    for (const plugin of report.pluginReports) expect(plugin.violations).toEqual([]);
    expectNoUnacknowledgedFindings(stack);
  });
});

describe('MemberBaselineStack with the organization backup account', () => {
  const app = newTestApp();
  applyComplianceGate(app, { report: false });
  const stack = new MemberBaselineStack(app, 'Member', {
    backupAccount: { accountId: BACKUP_ACCOUNT },
    incidentSubscribers: SUBSCRIBERS,
  });
  const template = Template.fromStack(stack);
  const regionalVault = {
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        ':backup:',
        { Ref: 'AWS::Region' },
        `:${BACKUP_ACCOUNT}:backup-vault:${ORGANIZATION_BACKUP_VAULT_NAME}`,
      ],
    ],
  };

  test("copies every rule to the backup account's vault of the deploying Region, and creates no vault of its own", () => {
    template.resourceCountIs('AWS::Backup::LogicallyAirGappedBackupVault', 0);
    const [plan] = Object.values(template.findResources('AWS::Backup::BackupPlan'));
    const rules = plan?.Properties.BackupPlan.BackupPlanRule as { CopyActions: unknown[] }[];
    expect(rules.length).toBeGreaterThanOrEqual(3);
    for (const rule of rules) {
      expect(rule.CopyActions).toEqual([
        { DestinationBackupVaultArn: regionalVault, Lifecycle: expect.objectContaining({}) },
      ]);
    }
    // No literal Region: one template serves every Region of the StackSet.
    expect(JSON.stringify(template.toJSON().Resources)).not.toMatch(/:backup:[a-z]{2}-[a-z]+-\d:/);
  });

  test('failed backup, copy and restore jobs alert the high incident topic', () => {
    const [highTopic] = Object.keys(
      template.findResources('AWS::SNS::Topic', {
        Properties: { DisplayName: Match.stringLikeRegexp('[Hh]igh') },
      }),
    );
    for (const detail of ['Backup Job State Change', 'Restore Job State Change']) {
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: Match.objectLike({ source: ['aws.backup'], 'detail-type': Match.arrayWith([detail]) }),
        Targets: [Match.objectLike({ Arn: { Ref: highTopic } })],
      });
    }
  });

  test('passes the compliance gate with no violations', () => {
    const outdir = app.synth().directory;
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { violations: unknown[] }[];
    };
    for (const plugin of report.pluginReports) expect(plugin.violations).toEqual([]);
    expectNoUnacknowledgedFindings(stack);
  });

  test('fails if the backup account id is not 12 digits, or backups are off', () => {
    expect(
      () => new MemberBaselineStack(newTestApp(), 'Member', { backupAccount: { accountId: 'backup' } }),
    ).toThrow(
      /Member: 'backupAccount\.accountId' must be a 12-digit account id, not a token \(164\.308\(a\)\(7\)\(ii\)\(A\)\), got "backup"/,
    );
    expect(
      () =>
        new MemberBaselineStack(newTestApp(), 'Member', {
          backups: false,
          backupAccount: { accountId: BACKUP_ACCOUNT },
        }),
    ).toThrow(/Member: 'backupAccount' must be absent when backups is false/);
  });
});

describe('MemberBaselineStack without incident subscribers', () => {
  test('warns that critical incidents reach nobody', () => {
    const stack = new MemberBaselineStack(newTestApp(), 'Member', { backups: false });
    Annotations.fromStack(stack).hasWarning(
      '/Member/Incidents',
      Match.stringLikeRegexp('No subscriber for critical incidents'),
    );
  });
});

describe('MemberBaselineStack compliance fixture', () => {
  test('the findings helper fails for an unencrypted bucket added to the member stack', () => {
    const stack = new MemberBaselineStack(newTestApp(), 'Member', { backups: false });
    new s3.CfnBucket(stack, 'PlainBucket');
    expect(
      collectUnacknowledgedFindings(stack)
        .map((f) => f.constructPath)
        .join('\n'),
    ).toMatch(/PlainBucket/);
  });
});
