import { z } from 'zod';

/** The cdk.json context key that holds the reference app's configuration. */
export const CONFIG_CONTEXT_KEY = 'hipaaBaseline';

const LOG_RETENTION_DAYS = [2192, 2557, 2922, 3288, 3653] as const;

const nullToUndefined = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === null ? undefined : value), schema.optional());

/** Schema of the reference app's configuration (cdk.json → context → hipaaBaseline). */
export const BaselineConfigSchema = z
  .object({
    environmentName: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]{1,19}$/,
        'must be 2–20 lowercase letters, digits or hyphens, starting with a letter',
      ),
    env: z
      .object({
        account: nullToUndefined(z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id')),
        region: nullToUndefined(
          z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as us-east-1'),
        ),
        availabilityZones: nullToUndefined(
          z
            .array(
              z
                .string()
                .regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, 'must be an availability zone such as us-east-1a'),
            )
            .min(2),
        ),
      })
      .strict()
      .default({}),
    logRetentionDays: z
      .number()
      .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
        message: `must be one of ${LOG_RETENTION_DAYS.join(', ')} days: six years or more (164.316(b)(2)(i))`,
      })
      .default(2192),
    keyRotationDays: z
      .number()
      .int()
      .min(90, 'must be at least 90 days (KMS minimum)')
      .max(365, 'must be at most 365 days: keys rotate at least yearly (164.312(a)(2)(iv))')
      .default(365),
    network: z
      .object({
        cidr: z
          .string()
          .regex(
            /^(10\.\d{1,3}|172\.(1[6-9]|2\d|3[01])|192\.168)\.\d{1,3}\.\d{1,3}\/(1[6-9]|2[0-4])$/,
            'must be a private IPv4 CIDR from /16 to /24',
          )
          .default('10.40.0.0/16'),
        maxAzs: z.number().int().min(2).max(6).default(2),
        internetEgress: z.boolean().default(false),
      })
      .strict()
      .default({ cidr: '10.40.0.0/16', maxAzs: 2, internetEgress: false }),
    alerts: z
      .object({
        critical: z.array(z.email('must be an email address')).default([]),
        high: z.array(z.email('must be an email address')).default([]),
        medium: z.array(z.email('must be an email address')).default([]),
      })
      .strict()
      .default({ critical: [], high: [], medium: [] }),
    /** Organization-scale deployment; validated by `parseOrganizationConfig` (lib/organization/org-config.ts). */
    organization: z.unknown().optional(),
    database: z
      .object({
        name: z
          .string()
          .regex(
            /^[a-z][a-z0-9_]{0,62}$/,
            'must be a PostgreSQL identifier: lowercase letter, then letters, digits, _',
          )
          .default('patientrecords'),
        readers: z.number().int().min(1).max(15).default(1),
      })
      .strict()
      .default({ name: 'patientrecords', readers: 1 }),
  })
  .strict()
  .superRefine((config, ctx) => {
    const { region, availabilityZones } = config.env;
    if (availabilityZones && !region) {
      ctx.addIssue({
        code: 'custom',
        path: ['env', 'region'],
        message: 'is required when availabilityZones is set',
      });
    }
    for (const [i, az] of (availabilityZones ?? []).entries()) {
      if (region && !az.startsWith(region)) {
        ctx.addIssue({
          code: 'custom',
          path: ['env', 'availabilityZones', i],
          message: `must be in region ${region}`,
        });
      }
    }
  });

/** The validated configuration of the reference app. */
export type BaselineConfig = z.infer<typeof BaselineConfigSchema>;

/** Thrown when the configuration in cdk.json (or `-c`) is invalid; lists every problem. */
export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(`Invalid configuration in cdk.json context '${CONFIG_CONTEXT_KEY}':\n- ${problems.join('\n- ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates raw configuration from the CDK context. Accepts the object from cdk.json or a JSON string
 * given with `-c hipaaBaseline='{...}'`.
 *
 * @throws ConfigError naming each bad key, the value received and what is allowed
 */
export function parseBaselineConfig(raw: unknown): BaselineConfig {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new ConfigError([`the value is not valid JSON (${(error as Error).message})`]);
    }
  }
  if (value === undefined || value === null) {
    throw new ConfigError([`the '${CONFIG_CONTEXT_KEY}' key is missing from the context`]);
  }
  const result = BaselineConfigSchema.safeParse(value);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const key = [CONFIG_CONTEXT_KEY, ...issue.path].join('.');
      const received = issue.path.reduce<unknown>(
        (node, part) =>
          node && typeof node === 'object' ? (node as Record<string, unknown>)[part as string] : undefined,
        value,
      );
      return `${key} ${issue.message} (got ${JSON.stringify(received)})`;
    }),
  );
}
