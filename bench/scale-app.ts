// The app the scale benchmark synthesizes: N copies of one workload stack (~83 resources), each in its own
// member account, as an organization's app would hold them. Used by scale-once.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { HardenedFunction } from '../constructs/compute/hardened-function';
import { HardenedInstance } from '../constructs/compute/hardened-instance';
import { SessionManagerPreferences } from '../constructs/compute/session-manager-preferences';
import { acknowledgeWildcards } from '../constructs/core/policy-findings';
import { AuditTrail } from '../constructs/detection/audit-trail';
import { PermissionsBoundary } from '../constructs/identity/permissions-boundary';
import { PhiVpc } from '../constructs/network/phi-vpc';
import { AuditLogGroup } from '../constructs/storage/audit-log-group';
import { PhiBucket } from '../constructs/storage/phi-bucket';
import { PhiTable } from '../constructs/storage/phi-table';
import { applyComplianceGate } from '../lib/compliance/gate';
import { REFERENCE_PATCH_GROUP } from '../lib/stacks/patching-stack';

/** What is measured: the gate, aws-cdk-lib's CloudFormation validator alone, or neither. */
export type ScaleVariant = 'gated' | 'validator-only' | 'bare';

/** Every variant, in the order the benchmark runs and reports them. */
export const SCALE_VARIANTS: readonly ScaleVariant[] = ['bare', 'validator-only', 'gated'];

const READER_CODE = `exports.handler = async (event) => ({ key: event.key });`;

/**
 * One member account's workload, self-contained so copies share nothing: the PHI network, a PHI
 * bucket and table, the reference workload's compute (hardened instance, hardened function reading the bucket,
 * Session Manager preferences), an application log group and the account's audit trail logging their data events.
 */
class ScaleWorkloadStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    const network = new PhiVpc(this, 'Network');
    const application: ec2.SubnetSelection = { subnetGroupName: 'application' };
    const documents = new PhiBucket(this, 'Documents', {
      withoutReplication: {
        reason: 'Benchmark workload copy, synthesized only to measure synth time; never deployed.',
      },
    });
    const events = new PhiTable(this, 'ClinicalEvents', {
      partitionKey: { name: 'patientId', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'occurredAt', type: dynamodb.AttributeType.STRING },
    });
    const server = new HardenedInstance(this, 'AppServer', {
      vpc: network.vpc,
      vpcSubnets: application,
      instanceType: new ec2.InstanceType('t3.micro'),
      patchGroup: REFERENCE_PATCH_GROUP,
    });
    const reader = new HardenedFunction(this, 'DocumentReader', {
      vpc: network.vpc,
      vpcSubnets: application,
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(READER_CODE),
      environment: { DOCUMENTS_BUCKET: documents.bucket.bucketName, EVENTS_TABLE: events.table.tableName },
    });
    events.grantReadData(reader);
    new AuditLogGroup(this, 'ApplicationLogs');
    const read = documents.grantRead(reader);
    acknowledgeWildcards(
      reader.role,
      read.principalStatements,
      "CDK's grantRead on one PHI bucket: S3's read-only Get*/List* families on that bucket's objects.",
    );
    new SessionManagerPreferences(this, 'SessionPreferences').allowInstanceRole(server.template.role);
    new AuditTrail(this, 'AuditTrail');
    PermissionsBoundary.applyTo(
      this,
      iam.ManagedPolicy.fromManagedPolicyName(this, 'PermissionsBoundary', 'hipaa-permissions-boundary'),
    );
  }
}

/** The project's feature flags from cdk.json, so the app synthesizes as `cdk synth` would. */
function featureFlags(): Record<string, unknown> {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return Object.fromEntries(Object.entries(cdkJson.context).filter(([key]) => key.startsWith('@aws-cdk')));
}

/**
 * An app of `stacks` workload stacks, one per member account. `gated` applies the compliance gate as
 * the reference app does; `validator-only` and `gated` keep aws-cdk-lib's CloudFormation validator on;
 * `bare` turns it off (the caller also sets `CDK_VALIDATION=false`).
 */
export function buildScaleApp(variant: ScaleVariant, stacks: number, outdir: string): App {
  const app = new App({
    outdir,
    context: featureFlags(),
    builtinCloudFormationValidation: variant !== 'bare',
  });
  if (variant === 'gated') applyComplianceGate(app);
  for (let i = 0; i < stacks; i++) {
    const account = String(100_000_000_000 + i);
    new ScaleWorkloadStack(app, `Workload-${account}`, { env: { account, region: 'us-east-1' } });
  }
  return app;
}
