import * as fs from 'node:fs';
import * as path from 'node:path';
import * as cdk from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DockerImageAsset } from 'aws-cdk-lib/aws-ecr-assets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxschema from 'aws-cdk-lib/cloud-assembly-schema';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { MEMBER_CONFIG_PARAMETERS } from '../../../lib/organization/member-baseline-stack';
import {
  MemberBaselineStackSet,
  TEMPLATE_URL_LIMIT_BYTES,
} from '../../../lib/organization/member-baseline-stackset';
import { newTestApp, newTestStack, projectFeatureFlags } from '../../helpers/app';
import { expectNoUnacknowledgedFindings } from '../../helpers/findings';

/** The default member baseline with incident subscribers: a gated member stack must page someone. */
const SUBSCRIBED_MEMBER = {
  incidentSubscribers: {
    critical: [{ email: 'security@example.org' }],
    high: [{ email: 'security@example.org' }],
    medium: [{ email: 'security@example.org' }],
  },
};

const OUS = ['ou-ab12-cdef3456', 'ou-ab12-ghij7890'];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const ACCOUNT = '111122223333';
/** The organization's Config bucket and key, as the organization stack passes them. */
const CONFIG_PARAMETERS = {
  [MEMBER_CONFIG_PARAMETERS.bucketName]: 'org-config-history',
  [MEMBER_CONFIG_PARAMETERS.keyArn]: `arn:aws:kms:us-east-1:${ACCOUNT}:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`,
};

describe('MemberBaselineStackSet at defaults', () => {
  const stack = newTestStack();
  const baseline = new MemberBaselineStackSet(stack, 'MemberBaseline', {
    organizationalUnitIds: OUS,
    regions: REGIONS,
    memberContext: projectFeatureFlags(),
    memberBaseline: SUBSCRIBED_MEMBER,
    parameters: CONFIG_PARAMETERS,
  });
  const template = Template.fromStack(stack);
  const assembly = cdk.App.of(stack)?.synth() as cxapi.CloudAssembly;
  const member = baseline.memberTemplate as {
    Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
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
      TemplateBody: Match.absent(),
    });
  });

  test('references the member template in the host bootstrap bucket, published with the host stack', () => {
    const props = template.findResources('AWS::CloudFormation::StackSet');
    const url = JSON.stringify(Object.values(props)[0]?.Properties?.TemplateURL);
    expect(url).toMatch(new RegExp(`cdk-hnb659fds-assets-${ACCOUNT}-us-east-1/[0-9a-f]{64}\\.json`));
    const hostAssets = assembly
      .getStackArtifact(stack.artifactId)
      .dependencies.find((d) => d.id === `${stack.artifactId}.assets`) as cxapi.AssetManifestArtifact;
    const files = Object.values(hostAssets.contents.files ?? {});
    const memberTemplate = files.find((f) => f.displayName?.endsWith('member template'));
    expect(memberTemplate?.source.path).toMatch(
      /^member-template\.TestStack-MemberBaseline\/.*\.template\.json$/,
    );
    expect(fs.existsSync(path.join(assembly.directory, memberTemplate?.source.path ?? 'missing'))).toBe(true);
  });

  test('contains the regional baseline: key, EBS default, logs, patching, incident response, backups', () => {
    for (const type of [
      'AWS::KMS::Key',
      'AWS::Logs::LogGroup',
      'AWS::S3::Bucket',
      'AWS::IAM::ManagedPolicy',
      'AWS::SSM::PatchBaseline',
      'AWS::SSM::MaintenanceWindow',
      'AWS::SNS::Topic',
      'AWS::Events::Rule',
      'AWS::Lambda::Function',
      'AWS::Backup::BackupVault',
      'AWS::Backup::BackupPlan',
      'AWS::Backup::BackupSelection',
    ]) {
      expect(memberTypes).toContain(type);
    }
    expect(memberTypes).not.toContain('Custom::AccountPasswordPolicy');
  });

  test('member Lambda code comes from the asset bucket of the Region the stack instance runs in', () => {
    const functions = Object.values(member.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) {
      expect(fn.Properties?.Code).toEqual({
        S3Bucket: { 'Fn::Sub': `hipaa-baseline-assets-${ACCOUNT}-\${AWS::Region}` },
        S3Key: expect.stringMatching(/^[0-9a-f]{64}\.zip$/),
      });
    }
    expect(baseline.assetBucketNames).toEqual(REGIONS.map((r) => `hipaa-baseline-assets-${ACCOUNT}-${r}`));
  });

  test('the host depends on a carrier asset manifest that publishes every asset to every Region', () => {
    const carrier = assembly
      .getStackArtifact(stack.artifactId)
      .dependencies.find((d) => d.id === baseline.assetPublishing?.artifactId);
    expect(carrier).toBeInstanceOf(cxapi.AssetManifestArtifact);
    const manifest = cxschema.Manifest.loadAssetManifest((carrier as cxapi.AssetManifestArtifact).file);
    const files = Object.entries(manifest.files ?? {});
    const keys = Object.values(member.Resources)
      .filter((r) => r.Type === 'AWS::Lambda::Function')
      .map((r) => (r.Properties?.Code as { S3Key?: string } | undefined)?.S3Key);
    expect(files.map(([hash]) => `${hash}.zip`).sort()).toEqual([...new Set(keys)].sort());
    for (const [hash, file] of files) {
      expect(fs.existsSync(path.join(assembly.directory, file.source.path ?? ''))).toBe(true);
      expect(file.source.packaging).toBe('zip');
      expect(Object.values(file.destinations)).toEqual(
        REGIONS.map((region) => ({
          bucketName: `hipaa-baseline-assets-${ACCOUNT}-${region}`,
          objectKey: `${hash}.zip`,
          region,
          assumeRoleArn: `arn:\${AWS::Partition}:iam::${ACCOUNT}:role/cdk-hnb659fds-file-publishing-role-${ACCOUNT}-${region}`,
        })),
      );
    }
  });

  test('the carrier is not a stack: cdk deploy --all lists only the host', () => {
    expect(assembly.stacks.map((s) => s.id)).toEqual([stack.artifactId]);
  });

  test('has no bootstrap version rule in the member template: member accounts are not bootstrapped', () => {
    expect(JSON.stringify(member)).not.toMatch(/BootstrapVersion|cdk-hnb659fds/);
  });

  test('bounds every member role with the per-Region boundary', () => {
    const [boundaryId] = Object.entries(member.Resources).find(
      ([, r]) =>
        r.Type === 'AWS::IAM::ManagedPolicy' &&
        JSON.stringify(r.Properties?.ManagedPolicyName) ===
          JSON.stringify({ 'Fn::Join': ['', ['hipaa-member-baseline-boundary-', { Ref: 'AWS::Region' }]] }),
    ) ?? ['missing'];
    const roles = Object.values(member.Resources).filter((r) => r.Type === 'AWS::IAM::Role');
    expect(roles.length).toBeGreaterThan(3);
    for (const role of roles) expect(role.Properties?.PermissionsBoundary).toEqual({ Ref: boundaryId });
  });

  test('writes the member template’s own compliance report next to it', () => {
    const report = path.join(assembly.directory, 'member-template.TestStack-MemberBaseline', 'compliance');
    expect(fs.readdirSync(report)).toEqual(expect.arrayContaining(['report.html', 'report.json']));
    const json = JSON.parse(fs.readFileSync(path.join(report, 'report.json'), 'utf8')) as {
      inventory?: unknown;
    };
    expect(JSON.stringify(json)).toMatch(/MemberBaseline\/Incidents/);
  });

  test('passes the Config delivery parameters to every stack instance; members record with AWS Config', () => {
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      Parameters: Match.arrayEquals(
        Object.entries(CONFIG_PARAMETERS).map(([ParameterKey, ParameterValue]) => ({
          ParameterKey,
          ParameterValue,
        })),
      ),
    });
    expect(memberTypes).toEqual(
      expect.arrayContaining([
        'AWS::Config::ConfigurationRecorder',
        'AWS::Config::DeliveryChannel',
        'AWS::Config::ConformancePack',
      ]),
    );
  });

  test('the management-side construct has no unacknowledged findings', () => {
    expectNoUnacknowledgedFindings(baseline);
  });
});

describe('MemberBaselineStackSet options', () => {
  test('deploys from the management account when callAs is SELF; a custom member without assets needs no carrier', () => {
    const stack = newTestStack();
    const baseline = new MemberBaselineStackSet(stack, 'MemberBaseline', {
      organizationalUnitIds: ['r-ab12'],
      regions: ['us-east-1'],
      callAs: 'SELF',
      stackSetName: 'plain-member',
      memberStack: (app, synthesizer) => {
        const member = new cdk.Stack(app, 'Member', { synthesizer });
        new cdk.CfnWaitConditionHandle(member, 'Placeholder');
        return member;
      },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFormation::StackSet', {
      CallAs: 'SELF',
      StackSetName: 'plain-member',
    });
    expect(baseline.assetPublishing).toBeUndefined();
    expect(baseline.assetBucketNames).toEqual([]);
  });
});

describe('MemberBaselineStackSet rejects', () => {
  const custom = (build: (member: cdk.Stack) => void) => () =>
    new MemberBaselineStackSet(newTestStack(), 'MemberBaseline', {
      organizationalUnitIds: OUS,
      regions: REGIONS,
      memberStack: (app, synthesizer) => {
        const member = new cdk.Stack(app, 'Member', { synthesizer });
        build(member);
        return member;
      },
    });

  test('rejects a member template parameter left without a value, and a value for no parameter', () => {
    const withParameter = (parameters: Record<string, string> | undefined) => () =>
      new MemberBaselineStackSet(newTestStack(), 'MemberBaseline', {
        organizationalUnitIds: OUS,
        regions: REGIONS,
        parameters,
        memberStack: (app, synthesizer) => {
          const member = new cdk.Stack(app, 'Member', { synthesizer });
          new cdk.CfnParameter(member, 'Needed', { type: 'String' });
          new cdk.CfnParameter(member, 'Optional', { type: 'String', default: 'x' });
          new cdk.CfnWaitConditionHandle(member, 'Placeholder');
          return member;
        },
      });
    expect(withParameter(undefined)).toThrow(
      /^TestStack\/MemberBaseline: 'parameters' must be a value for every member template parameter without a default \(Needed, Optional\) and no others \(164\.308\(a\)\(1\)\(ii\)\(B\)\), got \{"missing":\["Needed"\],"unknown":\[\]\}$/,
    );
    expect(withParameter({ Needed: 'a', Neded: 'b' })).toThrow(
      /got \{"missing":\[\],"unknown":\["Neded"\]\}$/,
    );
    expect(withParameter({ Needed: 'a' })).not.toThrow();
  });

  test('the default member baseline cannot be deployed without the Config delivery parameters', () => {
    expect(
      () =>
        new MemberBaselineStackSet(newTestStack(), 'MemberBaseline', {
          organizationalUnitIds: OUS,
          regions: REGIONS,
          memberContext: projectFeatureFlags(),
          memberBaseline: SUBSCRIBED_MEMBER,
        }),
    ).toThrow(/"missing":\["OrganizationConfigBucketName","OrganizationConfigKeyArn"\]/);
  });

  test('rejects a member stack that fails the compliance gate', () => {
    expect(custom((member) => new s3.CfnBucket(member, 'PlainBucket'))).toThrow(/PlainBucket/);
  });

  test('rejects a Docker image asset, naming the member stack', () => {
    expect(
      custom(
        (member) => new DockerImageAsset(member, 'Image', { directory: path.join(__dirname, 'fixtures') }),
      ),
    ).toThrow(/Member: Docker image asset [0-9a-f]+ cannot be used in a StackSet member template/);
  });

  test('rejects a member template over the 1 MB TemplateURL limit, stating its size', () => {
    expect(
      custom((member) =>
        new cdk.CfnWaitConditionHandle(member, 'Padding').addMetadata(
          'Padding',
          'x'.repeat(TEMPLATE_URL_LIMIT_BYTES),
        ),
      ),
    ).toThrow(
      /TestStack\/MemberBaseline: the member stack cannot be deployed by a StackSet; it has a template of \d+ bytes, over CloudFormation's 1048576-byte limit/,
    );
  });

  test('rejects a member stack that ignores the synthesizer it was given', () => {
    expect(
      () =>
        new MemberBaselineStackSet(newTestStack(), 'MemberBaseline', {
          organizationalUnitIds: OUS,
          regions: REGIONS,
          memberStack: (app) => {
            const member = new cdk.Stack(app, 'Member');
            new cdk.CfnWaitConditionHandle(member, 'Placeholder');
            return member;
          },
        }),
    ).toThrow(
      /TestStack\/MemberBaseline: the member stack cannot be deployed by a StackSet; it has stack 'Member' does not use the synthesizer it was given/,
    );
  });

  test('rejects a host stack whose account is not known at synth time', () => {
    const host = new cdk.Stack(newTestApp(), 'AgnosticHost');
    expect(
      () =>
        new MemberBaselineStackSet(host, 'MemberBaseline', { organizationalUnitIds: OUS, regions: REGIONS }),
    ).toThrow(
      /AgnosticHost\/MemberBaseline.*'env\.account \(of the host stack\)' must be a concrete 12-digit account.*164\.308\(a\)\(1\)\(ii\)\(B\)/,
    );
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
