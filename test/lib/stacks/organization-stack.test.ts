import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { RELAXATION_METADATA_KEY } from '../../../constructs/core/report-metadata';
import { buildReferenceApp } from '../../../lib/reference-app';
import { projectFeatureFlags } from '../../helpers/app';
import { expectNoUnacknowledgedFindings } from '../../helpers/findings';

const ORGANIZATION = {
  organizationId: 'o-abcdef1234',
  homeRegion: 'us-east-1',
  regions: ['us-east-1', 'us-west-2'],
  delegatedAdminAccountId: '111122223333',
  managementAccountId: '999988887777',
  memberOrganizationalUnitIds: ['ou-ab12-cdef3456', 'ou-ab12-phi00001'],
  phiOrganizationalUnitIds: ['ou-ab12-phi00001'],
  backupAccountId: '444455556666',
};

/** Every alert topic of the reference app needs a subscriber (hipaaBaseline.alerts). */
const PAGE = ['oncall@example.org'];
const ALERTS = { critical: PAGE, high: PAGE, medium: PAGE, securityAlarms: PAGE, breakGlass: PAGE };

describe('the reference app with hipaaBaseline.organization configured (compliance gate and validator on)', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'org-app-'));
  const app = new App({
    outdir,
    context: {
      ...projectFeatureFlags(),
      hipaaBaseline: {
        environmentName: 'org',
        alerts: { ...ALERTS, critical: ['security@example.org'] },
        organization: ORGANIZATION,
      },
    },
  });
  const stacks = buildReferenceApp(app);
  const org = stacks.organization as NonNullable<typeof stacks.organization>;
  const assembly = app.synth();
  const organization = Template.fromStack(org.organization);
  const management = Template.fromStack(org.management as NonNullable<typeof org.management>);

  test('synthesizes every stack with no unacknowledged finding', () => {
    for (const stack of [org.organization, org.management, ...org.memberAssets, ...org.backup]) {
      expectNoUnacknowledgedFindings(stack as NonNullable<typeof stack>);
    }
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { violations: unknown[] }[];
    };
    for (const plugin of report.pluginReports) expect(plugin.violations).toEqual([]);
  });

  test('deploys the regional member baseline to every configured Region of the member OUs', () => {
    expect(org.organization.account).toBe('111122223333');
    organization.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'hipaa-member-baseline',
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: true },
      StackInstancesGroup: [
        {
          DeploymentTargets: { OrganizationalUnitIds: ORGANIZATION.memberOrganizationalUnitIds },
          Regions: ORGANIZATION.regions,
        },
      ],
      TemplateURL: Match.anyValue(),
    });
  });

  test("member accounts record with AWS Config and deliver to the organization's bucket in this account", () => {
    const buckets = organization.findResources('AWS::S3::BucketPolicy', {
      Properties: {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Sid: 'MemberConfigDeliveryToOwnPrefix' })]),
        },
      },
    });
    const policies = Object.values(buckets);
    expect(policies).toHaveLength(1);
    const policy = policies[0] as {
      Properties: { PolicyDocument: { Statement: unknown[] }; Bucket: unknown };
    };
    const delivery = (policy.Properties.PolicyDocument.Statement as { Sid: string }[]).find(
      (s) => s.Sid === 'MemberConfigDeliveryToOwnPrefix',
    );
    expect(delivery).toMatchObject({
      Action: 's3:PutObject',
      Principal: { AWS: '*' },
      Condition: {
        StringEquals: {
          'aws:PrincipalOrgID': ORGANIZATION.organizationId,
          's3:x-amz-acl': 'bucket-owner-full-control',
        },
      },
    });
    // Each account writes only under its own prefix.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a JS template
    expect(JSON.stringify(delivery)).toContain('/AWSLogs/${aws:PrincipalAccount}/Config/*');
    const bucketId = (policy.Properties.Bucket as { Ref: string }).Ref;
    const [keyId] = Object.keys(
      organization.findResources('AWS::KMS::Key', {
        Properties: {
          KeyPolicy: {
            Statement: Match.arrayWith([Match.objectLike({ Sid: 'MemberConfigDeliveryEncrypt' })]),
          },
        },
      }),
    );
    organization.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'hipaa-member-baseline',
      Parameters: Match.arrayWith([
        { ParameterKey: 'OrganizationConfigBucketName', ParameterValue: { Ref: bucketId } },
        { ParameterKey: 'OrganizationConfigKeyArn', ParameterValue: { 'Fn::GetAtt': [keyId, 'Arn'] } },
      ]),
    });
    expect(JSON.stringify(org.organization.memberBaseline.memberTemplate)).toContain(
      '"AWS::Config::ConformancePack"',
    );
  });

  test('deploys the account-wide identity baseline to the home Region only', () => {
    organization.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'hipaa-member-identity',
      StackInstancesGroup: [
        {
          DeploymentTargets: { OrganizationalUnitIds: ORGANIZATION.memberOrganizationalUnitIds },
          Regions: ['us-east-1'],
        },
      ],
    });
    expect(JSON.stringify(org.organization.memberIdentity.memberTemplate)).toMatch(
      /Custom::AccountPasswordPolicy/,
    );
  });

  test('member incident topics notify the configured critical subscribers', () => {
    expect(JSON.stringify(org.organization.memberBaseline.memberTemplate)).toMatch(
      /"Endpoint":"security@example\.org"/,
    );
  });

  test('configures the security services for the member OUs from the delegated-admin account', () => {
    organization.hasResourceProperties('AWS::SecurityHub::PolicyAssociation', {
      TargetId: 'ou-ab12-cdef3456',
    });
    organization.resourceCountIs('AWS::Config::ConfigurationAggregator', 1);
  });

  test('the management stack attaches the SCPs to the member OUs and the eligible-services SCP to the PHI OU', () => {
    expect(org.management?.account).toBe('999988887777');
    const policies = Object.values(
      management.findResources('AWS::Organizations::Policy', {
        Properties: { Type: 'SERVICE_CONTROL_POLICY' },
      }),
    ).map((r) => r.Properties as { TargetIds: string[]; Content: unknown });
    expect(policies.length).toBe(4);
    const phiOnly = policies.filter((p) => JSON.stringify(p.TargetIds) === '["ou-ab12-phi00001"]');
    expect(phiOnly).toHaveLength(1);
    for (const p of policies.filter((p) => !phiOnly.includes(p))) {
      expect(p.TargetIds).toEqual(ORGANIZATION.memberOrganizationalUnitIds);
    }
    management.hasResourceProperties('AWS::CloudTrail::Trail', { IsOrganizationTrail: true });
  });

  test('the management stack attaches the data-perimeter RCPs to the PHI OU and turns on cross-account backup', () => {
    const rcps = Object.values(
      management.findResources('AWS::Organizations::Policy', {
        Properties: { Type: 'RESOURCE_CONTROL_POLICY' },
      }),
    ).map((r) => r.Properties as { TargetIds: string[]; Content: unknown });
    expect(rcps).toHaveLength(2);
    for (const rcp of rcps) expect(rcp.TargetIds).toEqual(ORGANIZATION.phiOrganizationalUnitIds);
    expect(JSON.stringify(rcps)).toContain(`"aws:PrincipalOrgID":"${ORGANIZATION.organizationId}"`);
    // The RCP policy type is enabled on the root first (its Create names the root id from ListRoots).
    const enable = Object.values(management.findResources('Custom::AWS')).filter((r) =>
      JSON.stringify(r.Properties.Create).includes('enablePolicyType'),
    );
    expect(enable).toHaveLength(1);
    for (const region of ORGANIZATION.regions) {
      management.hasResourceProperties('Custom::AWS', {
        Create: Match.stringLikeRegexp(
          `updateGlobalSettings.*isCrossAccountBackupEnabled.*"region":"${region}"`,
        ),
      });
    }
  });

  test("the backup account holds a logically air-gapped vault in every Region, open to the organization's copies only", () => {
    expect(org.backup.map((s) => [s.account, s.region])).toEqual([
      ['444455556666', 'us-east-1'],
      ['444455556666', 'us-west-2'],
    ]);
    for (const stack of org.backup) {
      Template.fromStack(stack).hasResource('AWS::Backup::LogicallyAirGappedBackupVault', {
        Properties: {
          BackupVaultName: 'hipaa-organization-air-gapped',
          AccessPolicy: {
            Version: '2012-10-17',
            Statement: [
              Match.objectLike({
                Action: ['backup:CopyIntoBackupVault'],
                Condition: { StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION.organizationId } },
              }),
            ],
          },
        },
        DeletionPolicy: 'Retain',
      });
    }
    const dependencies = assembly.getStackArtifact(org.organization.artifactId).dependencies.map((d) => d.id);
    for (const stack of org.backup) expect(dependencies).toContain(stack.artifactId);
  });

  test("member accounts copy into the backup account's vault of their Region and page on failed jobs", () => {
    const member = JSON.stringify(org.organization.memberBaseline.memberTemplate);
    expect(member).not.toContain('AWS::Backup::LogicallyAirGappedBackupVault');
    expect(member).toContain(
      '{"Ref":"AWS::Region"},":444455556666:backup-vault:hipaa-organization-air-gapped"',
    );
    expect(member).toMatch(/"Restore Job State Change"/);
  });

  test('the management stack lets the delegated-admin account run service-managed StackSets', () => {
    management.hasResourceProperties('Custom::AWS', {
      Create: Match.stringLikeRegexp('member\\.org\\.stacksets\\.cloudformation\\.amazonaws\\.com'),
    });
    management.hasResourceProperties('Custom::AWS', {
      Create: Match.stringLikeRegexp('activateOrganizationsAccess'),
    });
  });

  test('one member-asset bucket stack per Region; the organization stack deploys after them and the management stack', () => {
    expect(org.memberAssets.map((s) => [s.account, s.region])).toEqual([
      ['111122223333', 'us-east-1'],
      ['111122223333', 'us-west-2'],
    ]);
    const dependencies = assembly.getStackArtifact(org.organization.artifactId).dependencies.map((d) => d.id);
    for (const stack of [...org.memberAssets, org.management]) {
      expect(dependencies).toContain(stack?.artifactId);
    }
    const carriers = assembly
      .getStackArtifact(org.organization.artifactId)
      .dependencies.filter(
        (d) => d instanceof cxapi.AssetManifestArtifact && d.id.endsWith('-Assets.assets'),
      );
    expect(carriers.map((c) => c.id).sort()).toEqual([
      'Hipaa-org-Organization-MemberBaseline-Assets.assets',
      'Hipaa-org-Organization-MemberIdentity-Assets.assets',
    ]);
  });

  test('bounds every role of the organization stacks', () => {
    for (const template of [organization, management]) {
      const roles = Object.values(template.findResources('AWS::IAM::Role'));
      expect(roles.length).toBeGreaterThan(0);
      for (const role of roles) expect(role.Properties?.PermissionsBoundary).toBeDefined();
    }
  });
});

describe('the reference app organization options', () => {
  test('without the key there is no organization layer', () => {
    const plain = new App({
      context: { ...projectFeatureFlags(), hipaaBaseline: { environmentName: 'plain', alerts: ALERTS } },
    });
    expect(buildReferenceApp(plain, { complianceGate: false }).organization).toBeUndefined();
  });

  test('without managementAccountId there is no management stack', () => {
    const { managementAccountId: _omitted, ...withoutManagement } = ORGANIZATION;
    const app = new App({
      context: {
        ...projectFeatureFlags(),
        hipaaBaseline: { environmentName: 'nomgmt', alerts: ALERTS, organization: withoutManagement },
      },
    });
    const org = buildReferenceApp(app, { complianceGate: false }).organization;
    expect(org?.management).toBeUndefined();
    expect(app.node.tryFindChild('Hipaa-nomgmt-OrganizationManagement')).toBeUndefined();
  });

  test('withoutBackupAccount keeps an air-gapped vault in each member account and is recorded', () => {
    const { backupAccountId: _omitted, ...withoutBackup } = ORGANIZATION;
    const reason = 'A pilot organization of two accounts has no third account to hold the copies yet';
    const app = new App({
      context: {
        ...projectFeatureFlags(),
        hipaaBaseline: {
          environmentName: 'nobackup',
          alerts: ALERTS,
          organization: { ...withoutBackup, withoutBackupAccount: { reason } },
        },
      },
    });
    const org = buildReferenceApp(app, { complianceGate: false }).organization;
    expect(org?.backup).toEqual([]);
    expect(JSON.stringify(org?.organization.memberBaseline.memberTemplate)).toContain(
      'AWS::Backup::LogicallyAirGappedBackupVault',
    );
    const relaxation = org?.organization.node.metadata.find((m) => m.type === RELAXATION_METADATA_KEY);
    expect(relaxation?.data).toMatchObject({
      setting: 'withoutBackupAccount',
      citation: '164.308(a)(7)(ii)(A)',
    });
    expect(org?.management?.crossAccountBackup).toBeUndefined();
  });

  test('a bad organization configuration is a clear error', () => {
    const bad = new App({
      context: {
        ...projectFeatureFlags(),
        hipaaBaseline: {
          environmentName: 'bad',
          alerts: ALERTS,
          organization: { ...ORGANIZATION, regions: ['eu-west-1'] },
        },
      },
    });
    expect(() => buildReferenceApp(bad, { complianceGate: false })).toThrow(
      /hipaaBaseline\.organization\.regions must include homeRegion us-east-1/,
    );
  });
});
