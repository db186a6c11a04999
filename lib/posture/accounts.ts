import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  type CallOptions,
  type ClientSettings,
  instrument,
  type PostureCredentials,
  type RequestMeter,
  sdkClientConfig,
} from './clients';
import type { CollectionGap } from './model';
import { toGap } from './private/errors';
import type { Limiter } from './private/limiter';

/** Role session name shown in CloudTrail for every posture collection. */
export const ROLE_SESSION_NAME = 'hipaa-baseline-posture';
/** Seconds the assumed-role credentials last: one hour covers a collection. */
export const ROLE_SESSION_SECONDS = 3600;

/** Pattern of an IAM role ARN, capturing the account. */
export const ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;

/** Gaps of GetCallerIdentity after which no other call can succeed. */
const FATAL_GAPS: ReadonlySet<CollectionGap['code']> = new Set([
  'missing-credentials',
  'expired-credentials',
  'deadline-exceeded',
]);

/** An account to collect from and the credentials to use there. */
export interface AccountAccess {
  readonly account: string;
  /** Credentials for the account; when absent, the base credentials (or default chain) are used. */
  readonly credentials?: PostureCredentials;
  readonly roleArn?: string;
}

/** The accounts reachable with the base credentials, and what could not be reached. */
export interface ResolvedAccounts {
  readonly accounts: readonly AccountAccess[];
  readonly gaps: readonly CollectionGap[];
}

/**
 * Resolves the accounts to collect from: each `--role-arn` assumed with STS (one account each), or, with
 * none, the account of the base credentials (`sts:GetCallerIdentity`, which needs no permission).
 * Missing or expired base credentials stop the collection: every other call would fail the same way; so
 * does the deadline passing.
 */
export async function resolveAccounts(
  roleArns: readonly string[],
  base: ClientSettings,
  limiter: Limiter,
  meter: RequestMeter,
  call: CallOptions = {},
): Promise<ResolvedAccounts> {
  const sts = instrument(new STSClient(sdkClientConfig(base)), limiter, meter);
  try {
    if (roleArns.length === 0) {
      try {
        const identity = await sts.send(new GetCallerIdentityCommand({}), call);
        return {
          accounts: [{ account: identity.Account ?? 'unknown', credentials: base.credentials }],
          gaps: [],
        };
      } catch (error) {
        const gap = toGap(error, {
          source: 'sts',
          account: 'unknown',
          region: base.region,
          operation: 'GetCallerIdentity',
        });
        const fatal = FATAL_GAPS.has(gap.code);
        return {
          accounts: fatal ? [] : [{ account: 'unknown', credentials: base.credentials }],
          gaps: [gap],
        };
      }
    }
    const results = await Promise.all(roleArns.map((roleArn) => assume(sts, roleArn, base.region, call)));
    return {
      accounts: results.flatMap((r) => ('account' in r ? [r] : [])),
      gaps: results.flatMap((r) => ('code' in r ? [r] : [])),
    };
  } finally {
    sts.destroy();
  }
}

async function assume(
  sts: STSClient,
  roleArn: string,
  region: string,
  call: CallOptions,
): Promise<AccountAccess | CollectionGap> {
  const account = ROLE_ARN_PATTERN.exec(roleArn)?.[1] ?? 'unknown';
  try {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: ROLE_SESSION_NAME,
        DurationSeconds: ROLE_SESSION_SECONDS,
      }),
      call,
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey)
      throw new Error(`AssumeRole ${roleArn} returned no credentials`);
    return {
      account,
      roleArn,
      credentials: {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration,
      },
    };
  } catch (error) {
    const gap = toGap(error, { source: 'sts', account, region, operation: 'AssumeRole' });
    return gap.code === 'access-denied'
      ? {
          ...gap,
          message: `cannot assume ${roleArn}: the caller needs sts:AssumeRole on it and the role must trust the caller`,
        }
      : gap;
  }
}
