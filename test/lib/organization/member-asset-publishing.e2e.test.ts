// End to end: the real CDK CLI (`cdk publish-assets`, the same work graph `cdk deploy` runs) reads the
// synthesized assembly and publishes the member-template assets to every Region's asset bucket, against a
// loopback server that speaks STS, SSM, CloudFormation and S3. Nothing calls AWS.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as cxschema from 'aws-cdk-lib/cloud-assembly-schema';
import { MemberBaselineStackSet } from '../../../lib/organization/member-baseline-stackset';
import { projectFeatureFlags } from '../../helpers/app';
import { type FakePublishingAws, startFakePublishingAws } from './support/fake-publishing-aws';

const ACCOUNT = '111122223333';
const REGIONS = ['us-east-1', 'eu-west-1'];
const CDK_CLI = path.join(path.dirname(require.resolve('aws-cdk/package.json')), 'bin', 'cdk');

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CDK_CLI, ...args], { env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('cdk publish-assets with a MemberBaselineStackSet (loopback AWS)', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'member-publish-'));
  const app = new App({ outdir, context: projectFeatureFlags() });
  const host = new Stack(app, 'OrgHost', { env: { account: ACCOUNT, region: 'us-east-1' } });
  const baseline = new MemberBaselineStackSet(host, 'MemberBaseline', {
    organizationalUnitIds: ['ou-ab12-cdef3456'],
    regions: REGIONS,
    memberContext: projectFeatureFlags(),
    memberBaseline: {
      incidentSubscribers: {
        critical: [{ email: 'security@example.org' }],
        high: [{ email: 'security@example.org' }],
        medium: [{ email: 'security@example.org' }],
      },
    },
    parameters: {
      OrganizationConfigBucketName: 'org-config-history',
      OrganizationConfigKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`,
    },
  });
  app.synth();
  const carrier = cxschema.Manifest.loadAssetManifest(
    path.join(outdir, `${baseline.assetPublishing?.artifactId}.json`),
  );
  const memberAssets = Object.keys(carrier.files ?? {});
  let aws: FakePublishingAws;
  let result: { code: number | null; output: string };
  let listing: { code: number | null; output: string };

  beforeAll(async () => {
    aws = await startFakePublishingAws(ACCOUNT);
    const { AWS_PROFILE: _profile, ...inherited } = process.env;
    const env = {
      ...inherited,
      AWS_ACCESS_KEY_ID: 'AKIALOOPBACK',
      AWS_SECRET_ACCESS_KEY: 'loopback',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: aws.url,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: path.join(outdir, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(outdir, 'no-aws-credentials'),
      CDK_DISABLE_VERSION_CHECK: '1',
    };
    listing = await runCli(['ls', '--app', outdir, '--no-notices', '--ci'], env);
    result = await runCli(
      ['publish-assets', '--app', outdir, 'OrgHost', '--unstable=publish-assets', '--no-notices', '--ci'],
      env,
    );
  }, 120_000);

  afterAll(async () => {
    await aws?.close();
  });

  test('cdk ls lists the host stack only: the carrier is an asset manifest, not a stack', () => {
    expect(listing.code).toBe(0);
    expect(
      listing.output
        .trim()
        .split('\n')
        .filter((l) => /^\S+$/.test(l)),
    ).toEqual(['OrgHost']);
  });

  test('the CLI succeeds', () => {
    expect(result.output).toMatch(/Assets published successfully/);
    expect(result.code).toBe(0);
  });

  test('every member asset lands, zipped, in the asset bucket of every Region, signed for that Region', () => {
    expect(memberAssets.length).toBeGreaterThanOrEqual(3);
    for (const hash of memberAssets) {
      for (const region of REGIONS) {
        const upload = aws.uploads.find(
          (u) => u.bucket === `hipaa-baseline-assets-${ACCOUNT}-${region}` && u.key === `${hash}.zip`,
        );
        expect(upload?.signedRegion).toBe(region);
        expect(upload?.body.subarray(0, 2).toString()).toBe('PK');
      }
    }
  });

  test('uploads through the CDK file-publishing role of each Region', () => {
    for (const region of REGIONS) {
      expect(aws.assumedRoles).toContain(
        `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-file-publishing-role-${ACCOUNT}-${region}`,
      );
    }
  });

  test('publishes the member template the StackSet references to the host bootstrap bucket', () => {
    const template = aws.uploads.find(
      (u) =>
        u.bucket === `cdk-hnb659fds-assets-${ACCOUNT}-us-east-1` &&
        u.body.toString('utf8') === JSON.stringify(baseline.memberTemplate, undefined, 1),
    );
    expect(template?.key).toMatch(/^[0-9a-f]{64}\.json$/);
  });

  test('uploads nothing else to the organization asset buckets', () => {
    const orgUploads = aws.uploads.filter((u) => u.bucket.startsWith('hipaa-baseline-assets-'));
    expect(new Set(orgUploads.map((u) => u.key.replace(/\.zip$/, '')))).toEqual(new Set(memberAssets));
  });
});
