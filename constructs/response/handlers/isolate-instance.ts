import { type AuditRecord, type AuditSink, auditHeader, describeError } from './audit-record';
import { type Ec2Port, sdkEc2Port } from './ec2-port';
import { auditSinkFor, ENV, failOnError, readSettings } from './environment';
import { findingLabel, type GuardDutyFindingEvent, isSampleFinding } from './finding';

/** The action name written in audit records. */
export const ISOLATE_INSTANCE_ACTION = 'isolate-instance';

/** What {@link isolateInstance} needs. */
export interface IsolateInstanceDeps {
  readonly ec2: Ec2Port;
  readonly audit: AuditSink;
  readonly dryRun: boolean;
  /** The quarantine security group: no ingress and no egress rules. */
  readonly quarantineGroupId: string;
  /** The VPC the quarantine group belongs to; instances elsewhere are skipped. */
  readonly quarantineVpcId: string;
  readonly now: () => Date;
}

/**
 * Isolates the EC2 instance of a GuardDuty finding: swaps its security groups for the quarantine group
 * (no ingress, no egress), snapshots every EBS volume for forensics and tags the instance with the
 * finding and its previous groups, so it can be restored after the investigation.
 *
 * A dry run only describes the instance (a read) and records the steps it would take. Skipped: sample
 * findings, findings without an instance, instances not found, in another VPC than the quarantine group
 * (a security group cannot cross VPCs), or with several network interfaces (ModifyInstanceAttribute only
 * replaces the groups of single-interface instances; use the IsolateInstance runbook per interface).
 * Connections already tracked by the old groups may survive the swap; see the runbook.
 *
 * @returns the audit record, already written to the sink
 */
export async function isolateInstance(
  event: GuardDutyFindingEvent,
  deps: IsolateInstanceDeps,
): Promise<AuditRecord> {
  const finding = event.detail;
  const { id } = findingLabel(finding);
  const instanceId = finding?.resource?.instanceDetails?.instanceId;
  const base = auditHeader(event, {
    action: ISOLATE_INSTANCE_ACTION,
    target: instanceId ?? 'none',
    dryRun: deps.dryRun,
    now: deps.now,
  });
  const steps: string[] = [];
  const finish = async (record: AuditRecord) => {
    await deps.audit.write(record);
    return record;
  };
  if (isSampleFinding(finding)) {
    return finish({ ...base, result: 'skipped', steps, reason: 'sample finding (drill): no action taken' });
  }
  if (!instanceId) {
    return finish({ ...base, result: 'skipped', steps, reason: 'the finding names no EC2 instance' });
  }
  try {
    const instance = await deps.ec2.describeInstance(instanceId);
    if (!instance) {
      return finish({ ...base, result: 'skipped', steps, reason: `instance ${instanceId} was not found` });
    }
    if (instance.vpcId !== deps.quarantineVpcId) {
      const reason = `instance is in ${instance.vpcId ?? 'no VPC'}, the quarantine group is in ${deps.quarantineVpcId}`;
      return finish({ ...base, result: 'skipped', steps, reason });
    }
    if (instance.networkInterfaceCount > 1) {
      const reason = `instance has ${instance.networkInterfaceCount} network interfaces; isolate each with the IsolateInstance runbook`;
      return finish({ ...base, result: 'skipped', steps, reason });
    }
    const previous = instance.securityGroupIds.join(',');
    const tags = { QuarantineFinding: id, QuarantinedBy: ISOLATE_INSTANCE_ACTION };
    steps.push(`replace security groups [${previous}] with [${deps.quarantineGroupId}]`);
    if (!deps.dryRun) await deps.ec2.replaceSecurityGroups(instanceId, [deps.quarantineGroupId]);
    for (const volumeId of instance.volumeIds) {
      if (deps.dryRun) {
        steps.push(`snapshot volume ${volumeId}`);
        continue;
      }
      const snapshotId = await deps.ec2.createSnapshot(
        volumeId,
        `Forensic snapshot of ${volumeId} (${instanceId}) for GuardDuty finding ${id}`,
        { ...tags, ForensicSourceInstance: instanceId },
      );
      steps.push(`snapshot volume ${volumeId} as ${snapshotId}`);
    }
    steps.push(`tag instance with the finding and previous groups [${previous}]`);
    if (!deps.dryRun) {
      await deps.ec2.tagInstance(instanceId, { ...tags, QuarantinePreviousGroups: previous });
    }
    return finish({ ...base, result: deps.dryRun ? 'would-contain' : 'contained', steps });
  } catch (error) {
    return finish({ ...base, result: 'failed', steps, reason: describeError(error) });
  }
}

/** Lambda entry point, invoked by the EventBridge rule for EC2 compromise findings. */
export async function handler(event: GuardDutyFindingEvent): Promise<readonly AuditRecord[]> {
  const settings = readSettings();
  const quarantineGroupId = process.env[ENV.QUARANTINE_GROUP_ID];
  const quarantineVpcId = process.env[ENV.QUARANTINE_VPC_ID];
  if (!quarantineGroupId || !quarantineVpcId) {
    throw new Error(`${ENV.QUARANTINE_GROUP_ID} and ${ENV.QUARANTINE_VPC_ID} must be set`);
  }
  const record = await isolateInstance(event, {
    ec2: sdkEc2Port(),
    audit: auditSinkFor(settings),
    dryRun: settings.dryRun,
    quarantineGroupId,
    quarantineVpcId,
    now: () => new Date(),
  });
  return failOnError([record]);
}
