import * as cdk from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import {
  MemberBaselineStackSet,
  TEMPLATE_BODY_LIMIT_BYTES,
} from '../../../lib/organization/member-baseline-stackset';
import { newTestStack, projectFeatureFlags } from '../../helpers/app';
import { expectNoUnacknowledgedFindings } from '../../helpers/findings';

const OUS = ['ou-ab12-cdef3456', 'ou-ab12-ghij7890'];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

describe('MemberBaselineStackSet at defaults', () => {
  const stack = newTestStack();
  const baseline = new MemberBaselineStackSet(stack, 'MemberBaseline', {
    organizationalUnitIds: OUS,
    regions: REGIONS,
    memberContext: projectFeatureFlags(),
  });
  const template = Template.fromStack(stack);
  const member = baseline.memberTemplate as {
    Resources: Record<string, { Type: string; Properties?: unknown }>;
  };
  const memberTypes = Object.values(member.Resources).map((r) => r.Type);

  test('is a service-managed StackSet with auto-deployment that retains stacks of departing accounts', () => {
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'hipaa-member-baseline',
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: true },
      CallAs: 'DELEGATED_ADMIN',
      ManagedExecution: { Active: true },
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      OperationPreferences: {
        RegionConcurrencyType: 'PARALLEL',
        FailureTolerancePercentage: 10,
        MaxConcurrentPercentage: 25,
      },
      StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: OUS }, Regions: REGIONS }],
      TemplateBody: Match.stringLikeRegexp('AWS::KMS::Key'),
      TemplateURL: Match.absent(),
    });
  });

  test('embeds a member template with the key, audit log group, access-logs bucket, MFA, boundary and backups', () => {
    for (const type of [
      'AWS::KMS::Key',
      'AWS::Logs::LogGroup',
      'AWS::S3::Bucket',
      'AWS::IAM::ManagedPolicy',
      'AWS::Backup::BackupVault',
      'AWS::Backup::BackupPlan',
      'AWS::Backup::BackupSelection',
    ]) {
      expect(memberTypes).toContain(type);
    }
  });

  test('embeds no Lambda function, no bootstrap version rule or parameter', () => {
    expect(memberTypes).not.toContain('AWS::Lambda::Function');
    expect(memberTypes).not.toContain('Custom::AWS');
    expect(JSON.stringify(member)).not.toMatch(/BootstrapVersion|cdk-hnb659fds/);
  });

  test('the management-side construct has no unacknowledged findings', () => {
    expectNoUnacknowledgedFindings(baseline);
  });

  test('keeps the template body within the 51,200-byte limit', () => {
    expect(baseline.templateBytes).toBeGreaterThan(1000);
    expect(baseline.templateBytes).toBeLessThanOrEqual(TEMPLATE_BODY_LIMIT_BYTES);
  });
});

describe('MemberBaselineStackSet options', () => {
  test('deploys from the management account when callAs is SELF and without backups when switched off', () => {
    const stack = newTestStack();
    const baseline = new MemberBaselineStackSet(stack, 'MemberBaseline', {
      organizationalUnitIds: ['r-ab12'],
      regions: ['us-east-1'],
      callAs: 'SELF',
      memberBaseline: { backups: false },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFormation::StackSet', { CallAs: 'SELF' });
    expect(JSON.stringify(baseline.memberTemplate)).not.toMatch(/AWS::Backup::/);
  });
});

describe('MemberBaselineStackSet rejects', () => {
  test('rejects a member stack that fails the compliance gate', () => {
    expect(
      () =>
        new MemberBaselineStackSet(newTestStack(), 'MemberBaseline', {
          organizationalUnitIds: OUS,
          regions: REGIONS,
          memberStack: (app) => {
            const member = new cdk.Stack(app, 'Member', {
              synthesizer: MemberBaselineStackSet.synthesizer(),
            });
            new s3.CfnBucket(member, 'PlainBucket');
            return member;
          },
        }),
    ).toThrow(/PlainBucket/);
  });

  test('rejects a member stack with a file asset, naming its construct path', () => {
    expect(
      () =>
        new MemberBaselineStackSet(newTestStack(), 'MemberBaseline', {
          organizationalUnitIds: OUS,
          regions: REGIONS,
          memberStack: (app) => {
            const member = new cdk.Stack(app, 'Member', {
              synthesizer: MemberBaselineStackSet.synthesizer(),
            });
            new Asset(member, 'SeedData', { path: __filename });
            new cdk.CfnWaitConditionHandle(member, 'Placeholder');
            return member;
          },
        }),
    ).toThrow(
      /TestStack\/MemberBaseline: the member stack cannot be deployed by a StackSet.*file asset at 'Member\/SeedData'/,
    );
  });

  test('rejects a member template over the TemplateBody limit, stating its size', () => {
    expect(
      () =>
        new MemberBaselineStackSet(newTestStack(), 'MemberBaseline', {
          organizationalUnitIds: OUS,
          regions: REGIONS,
          memberStack: (app) => {
            const member = new cdk.Stack(app, 'Member', {
              synthesizer: MemberBaselineStackSet.synthesizer(),
            });
            new cdk.CfnWaitConditionHandle(member, 'Padding').addMetadata('Padding', 'x'.repeat(60_000));
            return member;
          },
        }),
    ).toThrow(/TestStack\/MemberBaseline: .*a template of \d+ bytes, over the 51200-byte TemplateBody limit/);
  });

  test('rejects an organizational unit id that is an account id', () => {
    expect(
      () =>
        new MemberBaselineStackSet(newTestStack(), 'MemberBaseline', {
          organizationalUnitIds: ['111122223333'],
          regions: REGIONS,
        }),
    ).toThrow(
      /TestStack\/MemberBaseline.*'organizationalUnitIds' must be an organizational unit id .*164\.308\(a\)\(1\)\(ii\)\(B\).*111122223333/,
    );
  });

  test('rejects an empty region list', () => {
    expect(
      () =>
        new MemberBaselineStackSet(newTestStack(), 'MemberBaseline', {
          organizationalUnitIds: OUS,
          regions: [],
        }),
    ).toThrow(
      /TestStack\/MemberBaseline.*'regions' must be at least one Region.*164\.308\(a\)\(1\)\(ii\)\(B\)/,
    );
  });

  test('rejects a failure tolerance over 100 percent', () => {
    expect(
      () =>
        new MemberBaselineStackSet(newTestStack(), 'MemberBaseline', {
          organizationalUnitIds: OUS,
          regions: REGIONS,
          failureTolerancePercentage: 150,
        }),
    ).toThrow(
      /TestStack\/MemberBaseline.*'failureTolerancePercentage' must be an integer from 0 to 100.*164\.308\(a\)\(1\)\(ii\)\(B\).*150/,
    );
  });
});
