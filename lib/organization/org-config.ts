import { z } from 'zod';
import { reasonProblem } from '../../constructs/core/acknowledge';
import { Citation } from '../../constructs/core/citations';
import { CONFIG_CONTEXT_KEY, ConfigError } from '../config';

/** The key under `hipaaBaseline` that holds the organization configuration. */
export const ORGANIZATION_CONFIG_KEY = 'organization';

const REGION = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as us-east-1');
const ACCOUNT_ID = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');
const OU_ID = z
  .string()
  .regex(
    /^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/,
    'must be an organizational unit id (ou-xxxx-xxxxxxxx) or the root id (r-xxxx)',
  );

/** Schema of `hipaaBaseline.organization`: where the member-account baseline StackSet deploys. */
export const OrganizationConfigSchema = z
  .object({
    homeRegion: REGION,
    regions: z.array(REGION).min(1, 'must list at least one region'),
    organizationId: z.string().regex(/^o-[a-z0-9]{10,32}$/, 'must be an organization id (o-xxxxxxxxxx)'),
    delegatedAdminAccountId: ACCOUNT_ID,
    managementAccountId: ACCOUNT_ID.optional(),
    backupAccountId: ACCOUNT_ID.optional(),
    withoutBackupAccount: z.object({ reason: z.string() }).strict().optional(),
    memberOrganizationalUnitIds: z.array(OU_ID).min(1, 'must list at least one organizational unit'),
    phiOrganizationalUnitIds: z.array(OU_ID).optional(),
    securityAdminRoleArns: z
      .array(
        z
          .string()
          .regex(
            /^arn:(\*|aws|aws-us-gov|aws-cn):iam::(\*|\d{12}):role\/[\w+=,.@/*-]{1,512}$/,
            'must be an IAM role ARN pattern such as arn:aws:iam::*:role/SecurityAdmin',
          ),
      )
      .min(1, 'must list at least one role ARN pattern when given')
      .optional(),
    memberBaseline: z
      .object({
        backups: z.boolean().default(true),
        failureTolerancePercentage: z.number().int().min(0).max(100).default(10),
        maxConcurrentPercentage: z.number().int().min(1).max(100).default(25),
      })
      .strict()
      .default({ backups: true, failureTolerancePercentage: 10, maxConcurrentPercentage: 25 }),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (!config.regions.includes(config.homeRegion)) {
      ctx.addIssue({
        code: 'custom',
        path: ['regions'],
        message: `must include homeRegion ${config.homeRegion}`,
      });
    }
    if (new Set(config.regions).size !== config.regions.length) {
      ctx.addIssue({ code: 'custom', path: ['regions'], message: 'must not repeat a region' });
    }
    if (config.managementAccountId === config.delegatedAdminAccountId) {
      ctx.addIssue({
        code: 'custom',
        path: ['delegatedAdminAccountId'],
        message:
          'must differ from managementAccountId: delegate security administration out of the management account',
      });
    }
    backupAccountIssues(config, ctx);
    for (const [i, ou] of (config.phiOrganizationalUnitIds ?? []).entries()) {
      if (!config.memberOrganizationalUnitIds.includes(ou)) {
        ctx.addIssue({
          code: 'custom',
          path: ['phiOrganizationalUnitIds', i],
          message: 'must also be listed in memberOrganizationalUnitIds: PHI accounts get the baseline too',
        });
      }
    }
  });

/**
 * The backup account: required while member backups are on (or `withoutBackupAccount` says why not),
 * and neither the management nor the delegated-admin account, so no one account holds both the
 * workloads' controls and their last copies.
 */
function backupAccountIssues(
  config: {
    backupAccountId?: string;
    withoutBackupAccount?: { reason: string };
    managementAccountId?: string;
    delegatedAdminAccountId: string;
    memberBaseline: { backups: boolean };
  },
  ctx: z.RefinementCtx,
): void {
  const citation = `(${Citation.DATA_BACKUP}, ${Citation.INTEGRITY})`;
  const { backupAccountId, withoutBackupAccount } = config;
  if (backupAccountId === undefined && withoutBackupAccount === undefined && config.memberBaseline.backups) {
    ctx.addIssue({
      code: 'custom',
      path: ['backupAccountId'],
      message: `is required while memberBaseline.backups is on: the 12-digit account whose logically air-gapped vaults receive every member's copies, or give withoutBackupAccount: { reason } to keep one in each member account ${citation}`,
    });
  }
  if (backupAccountId !== undefined && withoutBackupAccount !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['withoutBackupAccount'],
      message: `must be absent when backupAccountId is set ${citation}`,
    });
  }
  const problem = withoutBackupAccount && reasonProblem(withoutBackupAccount.reason);
  if (problem) {
    ctx.addIssue({
      code: 'custom',
      path: ['withoutBackupAccount', 'reason'],
      message: `${problem}: say why member accounts keep their only air-gapped copies themselves ${citation}`,
    });
  }
  for (const [key, other] of [
    ['managementAccountId', config.managementAccountId],
    ['delegatedAdminAccountId', config.delegatedAdminAccountId],
  ] as const) {
    if (backupAccountId !== undefined && backupAccountId === other) {
      ctx.addIssue({
        code: 'custom',
        path: ['backupAccountId'],
        message: `must differ from ${key}: keep the last copies out of the accounts that administer the organization ${citation}`,
      });
    }
  }
}

/** The validated organization configuration. */
export type OrganizationConfig = z.infer<typeof OrganizationConfigSchema>;

/**
 * Validates `hipaaBaseline.organization`. Accepts the object or a JSON string.
 *
 * @throws ConfigError naming each bad key as `hipaaBaseline.organization.<key>`, what is allowed and the
 *   value received
 */
export function parseOrganizationConfig(raw: unknown): OrganizationConfig {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new ConfigError([
        `${CONFIG_CONTEXT_KEY}.${ORGANIZATION_CONFIG_KEY} is not valid JSON (${(error as Error).message})`,
      ]);
    }
  }
  if (value === undefined || value === null) {
    throw new ConfigError([`the '${CONFIG_CONTEXT_KEY}.${ORGANIZATION_CONFIG_KEY}' key is missing`]);
  }
  const result = OrganizationConfigSchema.safeParse(value);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const key = [CONFIG_CONTEXT_KEY, ORGANIZATION_CONFIG_KEY, ...issue.path].join('.');
      const received = issue.path.reduce<unknown>(
        (node, part) =>
          node && typeof node === 'object' ? (node as Record<string, unknown>)[part as string] : undefined,
        value,
      );
      return `${key} ${issue.message} (got ${JSON.stringify(received)})`;
    }),
  );
}
