import { type App, Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as rds from 'aws-cdk-lib/aws-rds';
import { RetentionProfile } from '../constructs/core/retention';
import { PermissionsBoundary } from '../constructs/identity/permissions-boundary';
import { PhiReplicaBucket } from '../constructs/storage/phi-replica-bucket';
import { applyComplianceGate } from './compliance/gate';
import { CONFIG_CONTEXT_KEY, resolveBaselineConfig } from './config';
import { existingTopicOf, subscribersOf } from './config-alerts';
import { referenceAppLayers } from './config-layers';
import { parseOrganizationConfig } from './organization/org-config';
import { buildOrganizationStacks, type OrganizationStacks } from './organization/organization-stacks';
import { AccountBaselineStack } from './stacks/account-baseline-stack';
import { BackupCopyStack } from './stacks/backup-copy-stack';
import { DataProtectionStack } from './stacks/data-protection-stack';
import { IdentityStack } from './stacks/identity-stack';
import { PatchingStack } from './stacks/patching-stack';
import { PatientPortalStack } from './stacks/patient-portal-stack';
import { ResilienceStack } from './stacks/resilience-stack';
import { WorkloadStack } from './stacks/workload-stack';

/** Options for {@link buildReferenceApp}. */
export interface ReferenceAppOptions {
  /**
   * Register the rule packs, data-protection aspects and the compliance report. Only the benchmark turns
   * this off, to measure what the gate costs; `bin/app.ts` always gates.
   *
   * @default true
   */
  readonly complianceGate?: boolean;
  /**
   * The project's cdk.json, whose `context.hipaaBaseline` is merged under a `-c hipaaBaseline=…` value
   * (the CDK CLI passes the app only the `-c` value for that key). `bin/app.ts` passes the repo's file.
   *
   * @default - no cdk.json layer: the app's context value alone, over the defaults in code
   */
  readonly cdkJsonPath?: string;
}

/** The stacks of the reference app. */
export interface ReferenceApp {
  /** PHI network, keys and data stores (strategy 5). */
  readonly dataProtection: DataProtectionStack;
  /** GuardDuty, Security Hub, Config HIPAA pack, CloudTrail, CIS alarms, risk assessment (strategies 1, 8). */
  readonly accountBaseline: AccountBaselineStack;
  /** MFA, role-based access, permissions boundary, app user pool (strategies 2, 7, 9). */
  readonly identity: IdentityStack;
  /** Patch baselines, schedules, Default Host Management, EBS encryption by default (strategy 3). */
  readonly patching: PatchingStack;
  /** Hardened compute using the data stores (strategies 3 and 7). */
  readonly workload: WorkloadStack;
  /** Incident response, containment (dry run), runbooks, vault-locked backups with restore tests (strategy 10). */
  readonly resilience: ResilienceStack;
  /** The patient-portal path: HTTPS edge (ALB + WAF) → Fargate → Aurora/DynamoDB/S3, and a partner API (issue 17). */
  readonly portal: PatientPortalStack;
  /** The second-Region vault and documents replica that keep a copy of every recovery point and document (`backupCopyRegion`). */
  readonly backupCopy: BackupCopyStack;
  /** The organization layer (SCPs, security services, member StackSets), when `hipaaBaseline.organization` is configured. */
  readonly organization?: OrganizationStacks;
}

/**
 * Adds the reference stacks to `app`, configured from the `hipaaBaseline` context key, and gates the app
 * on the compliance packs.
 *
 * @throws ConfigError when the configuration is invalid
 */
export function buildReferenceApp(app: App, options: ReferenceAppOptions = {}): ReferenceApp {
  const config = resolveBaselineConfig(
    referenceAppLayers(CONFIG_CONTEXT_KEY, app.node.tryGetContext(CONFIG_CONTEXT_KEY), options.cdkJsonPath),
  );
  if (options.complianceGate ?? true) applyComplianceGate(app);
  const env =
    config.env.account || config.env.region
      ? { account: config.env.account, region: config.env.region }
      : undefined;
  const prefix = `Hipaa-${config.environmentName}`;
  const logRetention = RetentionProfile.ofDays(
    app,
    `${CONFIG_CONTEXT_KEY}.logRetentionDays`,
    config.logRetentionDays,
  );

  const identity = new IdentityStack(app, `${prefix}-Identity`, {
    env,
    breakGlassSubscribers: subscribersOf(config.alerts.breakGlass),
    breakGlassAlarmTopicArn: existingTopicOf(config.alerts.breakGlass),
    terminationProtection: true,
    description:
      'cdk-hipaa-baseline: MFA, least-privilege roles, permissions boundary, app user pool (HIPAA 164.312(d), 164.308(a)(4)(i))',
  });

  // The second Region: a locked copy vault for the backup plan and a replica of the clinical documents,
  // named so the source stacks address them without a cross-Region reference. In an environment-agnostic
  // app, CloudFormation rules of the source stacks refuse deployment into the copy Region itself.
  const copyRegion =
    config.backupCopyRegion ?? (config.env.region === 'us-west-2' ? 'us-east-1' : 'us-west-2');
  const copyVaultName = `hipaa-${config.environmentName}-phi-copies`;
  const documentsReplicaName = `hipaa-${config.environmentName}-docs`;
  const backupCopy = new BackupCopyStack(app, `${prefix}-BackupCopy`, {
    env: { account: config.env.account, region: copyRegion },
    backupVaultName: copyVaultName,
    documentsReplicaName,
    terminationProtection: true,
    description: `cdk-hipaa-baseline: second-Region copies of every recovery point and clinical document (HIPAA 164.308(a)(7)(ii)(A), 164.308(a)(7)(ii)(B))`,
  });

  const dataProtection = new DataProtectionStack(app, `${prefix}-DataProtection`, {
    env,
    config,
    documentsReplication: PhiReplicaBucket.replicationTarget({
      replicaName: documentsReplicaName,
      region: copyRegion,
      account: config.env.account,
    }),
    description:
      'cdk-hipaa-baseline: PHI network, keys and data stores (HIPAA 164.312(a)(2)(iv), 164.312(e)(1))',
    terminationProtection: true,
  });
  const accountBaseline = new AccountBaselineStack(app, `${prefix}-AccountBaseline`, {
    env,
    logRetention,
    phiBuckets: [dataProtection.documents.bucket],
    alarmSubscribers: subscribersOf(config.alerts.securityAlarms),
    alarmTopicArn: existingTopicOf(config.alerts.securityAlarms),
    terminationProtection: true,
    description:
      'cdk-hipaa-baseline: GuardDuty, Security Hub, Config HIPAA pack, CloudTrail, CIS alarms, Access Analyzer, Inspector, Macie (HIPAA 164.308(a)(1)(ii)(A), 164.308(a)(1)(ii)(D), 164.308(a)(8), 164.312(b))',
  });
  const patching = new PatchingStack(app, `${prefix}-Patching`, {
    env,
    logRetention,
    terminationProtection: true,
    description:
      'cdk-hipaa-baseline: patch management, Default Host Management, EBS encryption by default (HIPAA 164.308(a)(1)(ii)(B), 164.308(a)(5)(ii)(B))',
  });
  const workload = new WorkloadStack(app, `${prefix}-Workload`, {
    env,
    logRetention,
    vpc: dataProtection.network.vpc,
    documents: dataProtection.documents,
    patchSchedule: patching.schedule,
    terminationProtection: true,
    description: 'cdk-hipaa-baseline: hardened compute (HIPAA 164.312(a)(1), 164.312(a)(2)(iv))',
  });
  const portal = new PatientPortalStack(app, `${prefix}-Portal`, {
    env,
    logRetention,
    network: dataProtection.network,
    images: workload.portalImages,
    imageTag: config.portal.imageTag,
    desiredCount: config.portal.desiredCount,
    certificateArn: config.portal.certificateArn,
    documents: dataProtection.documents,
    events: dataProtection.events,
    database: dataProtection.database,
    userPool: identity.users.userPool,
    terminationProtection: true,
    description:
      'cdk-hipaa-baseline: patient portal — HTTPS edge with WAF, hardened Fargate service, partner API (HIPAA 164.312(e)(1), 164.312(a)(1), 164.312(d), 164.312(b))',
  });
  portal.addStackDependency(workload, 'the portal image is pushed to the Workload stack repository first');
  const subscribers = {
    critical: subscribersOf(config.alerts.critical),
    high: subscribersOf(config.alerts.high),
    medium: subscribersOf(config.alerts.medium),
  };
  const resilience = new ResilienceStack(app, `${prefix}-Resilience`, {
    env,
    vpc: dataProtection.network.vpc,
    subscribers,
    // Restore tests cover Aurora too: restored clusters go into the database's (isolated) subnet group.
    auroraRestoreSubnetGroupName: (
      dataProtection.database.cluster.node.findChild('Subnets') as rds.ISubnetGroup
    ).subnetGroupName,
    copyTo: {
      destinationVaultArn: `arn:${Aws.PARTITION}:backup:${copyRegion}:${config.env.account ?? Aws.ACCOUNT_ID}:backup-vault:${copyVaultName}`,
    },
    terminationProtection: true,
    description:
      'cdk-hipaa-baseline: incident response and resilient backups (HIPAA 164.308(a)(6), 164.308(a)(7))',
  });
  // One permissions boundary, defined in the identity stack, on every IAM role and user of the app —
  // including the roles CDK creates for custom resources and Lambda functions. A role without it fails synth.
  for (const stack of [dataProtection, accountBaseline, patching, workload, portal, resilience, backupCopy]) {
    const boundary = iam.ManagedPolicy.fromManagedPolicyName(
      stack,
      'PermissionsBoundary',
      identity.boundary.managedPolicyName,
    );
    PermissionsBoundary.applyTo(stack, boundary);
    stack.addStackDependency(identity, 'the permissions boundary must exist before roles that use it');
  }
  resilience.addStackDependency(backupCopy, 'the copy vault must exist before the plan copies to it');
  dataProtection.addStackDependency(
    backupCopy,
    'the replica bucket must exist before the documents replicate to it',
  );
  const organization =
    config.organization === undefined
      ? undefined
      : buildOrganizationStacks(app, prefix, parseOrganizationConfig(config.organization), subscribers);
  return {
    dataProtection,
    accountBaseline,
    identity,
    patching,
    workload,
    portal,
    resilience,
    backupCopy,
    ...(organization ? { organization } : {}),
  };
}
