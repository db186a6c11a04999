import { Aws, CfnRule, Fn, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import type { Construct } from 'constructs';
import type { ResilientBackupProps } from '../resilient-backup';
import { resolvedRetention, VAULT_LOCK_DEFAULTS } from './backup-validation';
import { parseVaultArn } from './copy-validation';

/**
 * Retention bounds of the logically air-gapped vault: from the shortest to the longest rule retention
 * (and at least the Vault Lock maximum), so every copy the plan makes fits and nothing shorter can be
 * copied in. AWS Backup rejects copies outside the bounds.
 */
export function airGappedRetention(props: ResilientBackupProps): { min: number; max: number } {
  const retention = resolvedRetention(props);
  const days = Object.values(retention);
  const lockMax = props.vaultLock?.maxRetentionDays ?? VAULT_LOCK_DEFAULTS.maxRetentionDays;
  return { min: Math.min(...days), max: Math.max(lockMax, ...days) };
}

/**
 * A logically air-gapped vault in this account and Region: AWS Backup keeps its recovery points in a
 * service-owned account, locked in compliance mode from creation (no grace period), so neither this
 * account's administrators nor an attacker holding them can delete a copy early. It is encrypted with
 * an AWS-owned key on purpose: a customer-managed key of this account could be disabled or scheduled
 * for deletion by the same attacker, which would make every air-gapped copy unreadable. Retained on
 * stack deletion.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html
 */
export function createAirGappedVault(
  scope: Construct,
  id: string,
  props: ResilientBackupProps,
): backup.CfnLogicallyAirGappedBackupVault {
  const { min, max } = airGappedRetention(props);
  const vault = new backup.CfnLogicallyAirGappedBackupVault(scope, id, {
    backupVaultName: 'replaced-below',
    minRetentionDays: min,
    maxRetentionDays: max,
  });
  // Named after the vault's own path: unique in the account and Region, stable across deployments.
  vault.backupVaultName = Names.uniqueResourceName(vault, { maxLength: 50 });
  vault.applyRemovalPolicy(RemovalPolicy.RETAIN);
  return vault;
}

/** A vault (imported by ARN) that copy actions can target. */
export function importedVault(scope: Construct, id: string, arn: string): backup.IBackupVault {
  return backup.BackupVault.fromBackupVaultArn(scope, id, arn);
}

/**
 * When the stack's Region is unknown at synth (an environment-agnostic stack), a CloudFormation rule
 * that fails the deployment if the stack is deployed into the copy's own Region, where the "offsite"
 * copy would share every Regional failure with the source (164.308(a)(7)(ii)(B)).
 */
export function assertCopyLeavesRegion(scope: Construct, id: string, destinationVaultArn: string): void {
  const region = parseVaultArn(destinationVaultArn)?.region;
  if (region === undefined || !Token.isUnresolved(Stack.of(scope).region)) return;
  new CfnRule(scope, id, {
    assertions: [
      {
        assert: Fn.conditionNot(Fn.conditionEquals(Aws.REGION, region)),
        assertDescription: `${scope.node.path}: copyTo.destinationVaultArn is a vault in ${region}; deploy this stack to another Region, or choose a copy vault in another Region (HIPAA 164.308(a)(7)(ii)(B)).`,
      },
    ],
  });
}
