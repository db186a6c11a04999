import { Stack, Token, Tokenization } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { reasonProblem } from '../../core/acknowledge';
import { Citation } from '../../core/citations';
import type { PropsCheck } from '../../core/validation';
import type { ResilientBackupProps } from '../resilient-backup';

/** Stands for a token (partition or account) in a vault ARN while it is checked. */
const TOKEN = '{token}';
/**
 * A backup vault ARN whose Region and name are literal; partition and account may be tokens (e.g.
 * `Aws.ACCOUNT_ID` in an environment-agnostic stack). The Region must be known to compare it with the
 * source Region.
 */
const VAULT_ARN_WITH_TOKENS =
  /^arn:(aws[a-z-]*|\{token\}):backup:([a-z]{2}(-[a-z]+)+-\d):(\d{12}|\{token\}):backup-vault:[A-Za-z0-9_.-]{2,50}$/;

/**
 * An air-gapped vault ARN: like {@link VAULT_ARN_WITH_TOKENS}, but the Region may be a token too
 * (`AWS::Region`: one StackSet template copies to the backup account's vault of whichever Region it is
 * deployed in). Only `copyTo` must name its Region, to prove it leaves the stack's own.
 */
const AIR_GAPPED_VAULT_ARN =
  /^arn:(aws[a-z-]*|\{token\}):backup:([a-z]{2}(-[a-z]+)+-\d|\{token\}):(\d{12}|\{token\}):backup-vault:[A-Za-z0-9_.-]{2,50}$/;

/** `arn` with every token replaced by {@link TOKEN}, or undefined when it does not flatten to a string. */
function flattenArn(arn: string): string | undefined {
  const flat = Token.isUnresolved(arn)
    ? Tokenization.reverseString(arn)
        .mapTokens({ mapToken: () => TOKEN })
        .join({ join: (left: unknown, right: unknown) => `${left}${right}` })
    : arn;
  return typeof flat === 'string' ? flat : undefined;
}

/** Whether `arn` is a backup vault ARN whose Region, partition and account may be tokens. */
export function isAirGappedVaultArn(arn: string): boolean {
  const flat = flattenArn(arn);
  return flat !== undefined && AIR_GAPPED_VAULT_ARN.test(flat);
}

/** The Region and account of a vault ARN (account undefined when it is a token), or undefined when malformed. */
export function parseVaultArn(arn: string): { region: string; account?: string } | undefined {
  const flat = flattenArn(arn);
  if (flat === undefined) return undefined;
  const match = VAULT_ARN_WITH_TOKENS.exec(flat);
  if (!match) return undefined;
  const account = flat.split(':')[4];
  return { region: match[2] as string, account: account === TOKEN ? undefined : account };
}

/** Records a problem when a `without…` relaxation is given with another prop, or lacks a real reason. */
function checkWithout(
  check: PropsCheck,
  prop: string,
  reason: string | undefined,
  conflicting: string,
  conflictingSet: boolean,
  citation: string,
): void {
  check.require(!conflictingSet, {
    prop,
    received: { reason },
    allowed: `absent when ${conflicting} is set`,
    citation,
  });
  check.require(reasonProblem(reason) === undefined, {
    prop: `${prop}.reason`,
    received: reason,
    allowed: 'a specific reason of at least 20 characters, not boilerplate',
    citation,
  });
}

/**
 * Records every problem with the cross-Region (`copyTo` / `withoutCrossRegionCopy`) and air-gapped
 * (`airGappedCopy` / `withoutAirGappedCopy`) copy props. Exactly one of each pair may be given; the
 * cross-Region copy has no default, so one of its pair is required (164.308(a)(7)(ii)(B)).
 */
export function validateCopyProps(check: PropsCheck, scope: Construct, props: ResilientBackupProps): void {
  const citation = Citation.DISASTER_RECOVERY;
  if (props.withoutCrossRegionCopy !== undefined) {
    checkWithout(
      check,
      'withoutCrossRegionCopy',
      props.withoutCrossRegionCopy.reason,
      'copyTo',
      props.copyTo !== undefined,
      citation,
    );
  } else {
    check.require(props.copyTo !== undefined, {
      prop: 'copyTo',
      received: undefined,
      allowed:
        'a vault in another Region ({ destinationVaultArn }) that receives a copy of every recovery point, or withoutCrossRegionCopy: { reason } to keep backups in one Region',
      citation,
    });
  }
  if (props.copyTo !== undefined) {
    const arn = props.copyTo.destinationVaultArn;
    const parsed = parseVaultArn(arn);
    const allowed =
      'a backup vault ARN with a literal Region and vault name (arn:aws:backup:<region>:<account>:backup-vault:<name>; partition and account may be tokens)';
    if (
      check.require(parsed !== undefined, {
        prop: 'copyTo.destinationVaultArn',
        received: arn,
        allowed,
        citation,
      })
    ) {
      const region = Stack.of(scope).region;
      check.require(Token.isUnresolved(region) || parsed?.region !== region, {
        prop: 'copyTo.destinationVaultArn',
        received: arn,
        allowed: `a vault in another Region than the stack's (${region}): a Region-wide outage would take both copies`,
        citation,
      });
    }
  }
  if (props.withoutAirGappedCopy !== undefined) {
    checkWithout(
      check,
      'withoutAirGappedCopy',
      props.withoutAirGappedCopy.reason,
      'airGappedCopy',
      props.airGappedCopy !== undefined,
      `${Citation.DATA_BACKUP}, ${Citation.INTEGRITY}`,
    );
  }
  if (props.airGappedCopy !== undefined) {
    const arn = props.airGappedCopy.destinationVaultArn;
    check.require(isAirGappedVaultArn(arn), {
      prop: 'airGappedCopy.destinationVaultArn',
      received: arn,
      allowed:
        'the ARN of a logically air-gapped vault (arn:aws:backup:<region>:<account>:backup-vault:<name>), e.g. in the organization backup account',
      citation: `${Citation.DATA_BACKUP}, ${Citation.INTEGRITY}`,
    });
  }
}
