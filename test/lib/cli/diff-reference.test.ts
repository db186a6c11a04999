import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { PhiBucket } from '../../../constructs/storage/phi-bucket';
import { EXIT, runCli } from '../../../lib/cli/run-cli';
import { buildReferenceApp } from '../../../lib/reference-app';

const CDK_JSON = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'cdk.json'), 'utf8')) as {
  context: Record<string, unknown>;
};

/** Synthesizes the reference app (gate on, validator off: this file is about diff), weakened by `weaken`. */
function synthReference(weaken?: (app: App) => void): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-reference-'));
  const app = new App({ outdir, context: CDK_JSON.context, builtinCloudFormationValidation: false });
  buildReferenceApp(app);
  weaken?.(app);
  try {
    app.synth();
  } catch {
    // A weakened app fails the gate; the report is written all the same, which is what diff reads.
  }
  return outdir;
}

function first(app: App, type: string, where: (r: CfnResource) => boolean = () => true): CfnResource {
  const found = app.node
    .findAll()
    .find((c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType === type && where(c));
  if (!found) throw new Error(`the reference app has no ${type}`);
  return found;
}

/** The L1 bucket of a PhiBucket (PhiBucket → Bucket → Resource). */
const phi = (r: CfnResource) => r.node.scope?.node.scope instanceof PhiBucket;

/** Each weakening the template evidence issue lists, each reaching the template past the constructs. */
const WEAKENINGS: readonly { readonly rule: string; readonly apply: (app: App) => string }[] = [
  {
    rule: 'TemplateEvidence-S3BucketVersioning',
    apply: (app) => {
      const bucket = first(app, 'AWS::S3::Bucket', phi);
      bucket.addPropertyDeletionOverride('VersioningConfiguration');
      bucket.addPropertyDeletionOverride('LoggingConfiguration');
      bucket.addPropertyDeletionOverride('PublicAccessBlockConfiguration');
      return bucket.node.path;
    },
  },
  {
    rule: 'TemplateEvidence-S3PhiBucketAccessLogging',
    apply: (app) => first(app, 'AWS::S3::Bucket', phi).node.path,
  },
  {
    rule: 'TemplateEvidence-S3PublicAccessBlock',
    apply: (app) => first(app, 'AWS::S3::Bucket', phi).node.path,
  },
  {
    rule: 'TemplateEvidence-DynamoDbTableRecovery',
    apply: (app) => {
      const table = first(app, 'AWS::DynamoDB::Table');
      table.addPropertyDeletionOverride('PointInTimeRecoverySpecification');
      return table.node.path;
    },
  },
  {
    rule: 'TemplateEvidence-LogGroupRetention',
    apply: (app) => {
      const group = first(app, 'AWS::Logs::LogGroup');
      group.addPropertyOverride('RetentionInDays', 7);
      return group.node.path;
    },
  },
  {
    rule: 'TemplateEvidence-CloudTrailTrailCoverage',
    apply: (app) => {
      const trail = first(app, 'AWS::CloudTrail::Trail');
      trail.addPropertyOverride('IsMultiRegionTrail', false);
      trail.addPropertyOverride('EnableLogFileValidation', false);
      return trail.node.path;
    },
  },
  {
    rule: 'TemplateEvidence-KmsKeyRotation',
    apply: (app) => {
      const key = first(app, 'AWS::KMS::Key');
      key.addPropertyOverride('EnableKeyRotation', false);
      return key.node.path;
    },
  },
  {
    rule: 'TemplateEvidence-RdsClusterProtection',
    apply: (app) => {
      const cluster = first(app, 'AWS::RDS::DBCluster');
      cluster.addPropertyOverride('BackupRetentionPeriod', 1);
      cluster.addPropertyOverride('DeletionProtection', false);
      return cluster.node.path;
    },
  },
  {
    rule: 'TemplateEvidence-GuardDutyDetectorFeatures',
    apply: (app) => {
      const detector = first(app, 'AWS::GuardDuty::Detector');
      detector.addPropertyDeletionOverride('Features');
      return detector.node.path;
    },
  },
  {
    rule: 'TemplateEvidence-SecurityGroupAdminPorts',
    apply: (app) => {
      const group = first(app, 'AWS::EC2::SecurityGroup');
      const ingress = new ec2.CfnSecurityGroupIngress(Stack.of(group), 'OpenSsh', {
        groupId: (group as ec2.CfnSecurityGroup).attrGroupId,
        ipProtocol: 'tcp',
        fromPort: 22,
        toPort: 22,
        cidrIp: '0.0.0.0/0',
      });
      return ingress.node.path;
    },
  },
];

async function diff(base: string, head: string) {
  let stdout = '';
  const code = await runCli(['diff', base, head], { stdout: (t) => (stdout += t), stderr: () => {} });
  return { code, stdout };
}

describe('hipaa-baseline diff on the reference app', () => {
  const reference = synthReference();
  const weakenedPaths = new Map<string, string>();
  const weakened = synthReference((app) => {
    for (const w of WEAKENINGS) weakenedPaths.set(w.rule, w.apply(app));
  });

  test('the same app twice: exit 0, no regressions', async () => {
    expect(await diff(reference, reference)).toEqual({
      code: EXIT.OK,
      stdout: '### HIPAA compliance: no regressions\n',
    });
  });

  test.each(WEAKENINGS.map((w) => w.rule))('lists %s on the weakened resource and exits 1', async (rule) => {
    const { code, stdout } = await diff(reference, weakened);
    expect(code).toBe(EXIT.REGRESSION);
    const resourcePath = weakenedPaths.get(rule) ?? '';
    const row = stdout.split('\n').find((line) => line.startsWith(`| ${rule} | ${resourcePath}`));
    expect({ rule, row }).toEqual({ rule, row: expect.stringMatching(/\| (Properties|DeletionPolicy)/) });
  });

  test('the citations the weakenings break are listed as worsened', async () => {
    const { stdout } = await diff(reference, weakened);
    expect(stdout).toMatch(
      /#### Citations whose status worsened[\s\S]*\| 164\.312\(b\) \| Audit controls \| [^|]+ \| Not met \|/,
    );
    expect(stdout).toMatch(/\| 164\.308\(a\)\(7\)\(ii\)\(A\) \| Data backup plan \| [^|]+ \| Not met \|/);
  });

  test('undoing the weakenings is an improvement, not a regression', async () => {
    const { code, stdout } = await diff(weakened, reference);
    expect(code).toBe(EXIT.OK);
    expect(stdout).toContain('#### Improvement: violations fixed');
  });
});
