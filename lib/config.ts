import { z } from 'zod';
import { isKnownRegion } from '../constructs/core/aws-regions';
import { parseIpv4Cidr } from '../constructs/core/ipv4-cidr';
import { alertList, topicArnRegion, unsubscribedTopics } from './config-alerts';
import { type ConfigLayer, mergeConfigLayers } from './config-layers';

/** The cdk.json context key that holds the reference app's configuration. */
export const CONFIG_CONTEXT_KEY = 'hipaaBaseline';

const LOG_RETENTION_DAYS = [2192, 2557, 2922, 3288, 3653] as const;

const nullToUndefined = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === null ? undefined : value), schema.optional());

/**
 * Problems with a private IPv4 CIDR beyond its shape: octets above 255 and host bits set. PhiVpc would
 * otherwise round `10.40.7.9/16` to a different network than the one written in the config.
 */
export function cidrProblem(cidr: string): string | undefined {
  const parsed = parseIpv4Cidr(cidr);
  if (!parsed) return 'is not an IPv4 CIDR block (octets 0–255)';
  if (parsed.hasHostBits) return `has host bits set: the network is ${parsed.canonical}; write that instead`;
  return undefined;
}

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
          z
            .string()
            .regex(/^[a-z]{2,4}(-[a-z]+)+-\d$/, 'must be an AWS region such as us-east-1')
            .refine((region) => isKnownRegion(region), {
              message: 'must be an AWS Region known to aws-cdk-lib (its region-info table)',
            }),
        ),
        availabilityZones: nullToUndefined(
          z
            .array(
              z
                .string()
                .regex(/^[a-z]{2,4}(-[a-z]+)+-\d[a-f]$/, 'must be an availability zone such as us-east-1a'),
            )
            .min(2),
        ),
      })
      .strict()
      .default({}),
    /**
     * Region of the vault that keeps a copy of every recovery point (164.308(a)(7)(ii)(B)); must differ
     * from env.region. Absent: us-west-2, or us-east-1 when env.region is us-west-2.
     */
    backupCopyRegion: nullToUndefined(
      z
        .string()
        .regex(/^[a-z]{2,4}(-[a-z]+)+-\d$/, 'must be an AWS region such as us-west-2')
        .refine((region) => isKnownRegion(region), {
          message: 'must be an AWS Region known to aws-cdk-lib (its region-info table)',
        }),
    ),
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
          .superRefine((cidr, ctx) => {
            const problem = cidrProblem(cidr);
            if (problem) ctx.addIssue({ code: 'custom', message: problem });
          })
          .default('10.40.0.0/16'),
        maxAzs: z.number().int().min(2).max(6).default(2),
        internetEgress: z.boolean().default(false),
        /**
         * With internetEgress, the only domains workloads may reach, enforced by AWS Network Firewall
         * (164.312(e)(1)); required then.
         */
        egressAllowedDomains: z
          .array(
            z
              .string()
              .regex(
                /^\.?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
                'must be a lowercase domain such as "api.example.org" or ".example.org" (the domain and its subdomains)',
              ),
          )
          .default([]),
      })
      .strict()
      .superRefine((network, ctx) => {
        if (network.internetEgress && network.egressAllowedDomains.length === 0)
          ctx.addIssue({
            code: 'custom',
            path: ['egressAllowedDomains'],
            message:
              'must list the domains workloads may reach when internetEgress is true: egress goes through AWS Network Firewall with that allow-list (164.312(e)(1))',
          });
      })
      .default({ cidr: '10.40.0.0/16', maxAzs: 2, internetEgress: false, egressAllowedDomains: [] }),
    /** The patient portal: HTTPS edge (ALB + WAF) → Fargate service → Aurora, DynamoDB and S3. */
    portal: z
      .object({
        /**
         * The ACM certificate of the portal's HTTPS listener. Absent: a `PortalCertificateArn` stack
         * parameter asks for it at deployment.
         */
        certificateArn: nullToUndefined(
          z
            .string()
            .regex(
              /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/,
              'must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)',
            ),
        ),
        /** The immutable image tag the portal runs, pushed to the Workload stack's repository first. */
        imageTag: z
          .string()
          .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'must be an image tag (letters, digits, _ . -)')
          .refine((tag) => tag !== 'latest', { message: 'must not be "latest": name an immutable release' })
          .default('1.0.0'),
        desiredCount: z.number().int().min(1).max(20).default(2),
      })
      .strict()
      .default({ imageTag: '1.0.0', desiredCount: 2 }),
    alerts: z
      .object({
        critical: alertList('critical'),
        high: alertList('high'),
        medium: alertList('medium'),
        securityAlarms: alertList('securityAlarms'),
        breakGlass: alertList('breakGlass'),
      })
      .strict(),
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
  .strict();

/** The validated configuration of the reference app. */
export type BaselineConfig = z.infer<typeof BaselineConfigSchema>;

/**
 * The lowest configuration layer: what the reference app uses for every key no layer sets. Alert lists
 * are empty on purpose, so a configuration that names nobody to page fails (164.308(a)(6)(ii)).
 */
export const DEFAULT_BASELINE_CONFIG = {
  env: {},
  logRetentionDays: 2192,
  keyRotationDays: 365,
  network: { cidr: '10.40.0.0/16', maxAzs: 2, internetEgress: false, egressAllowedDomains: [] },
  portal: { imageTag: '1.0.0', desiredCount: 2 },
  database: { name: 'patientrecords', readers: 1 },
  alerts: { critical: [], high: [], medium: [], securityAlarms: [], breakGlass: [] },
} as const;

/** Thrown when the configuration in cdk.json (or `-c`) is invalid; lists every problem. */
export class ConfigError extends Error {
  /** Every problem, one line each, starting with the key. */
  public readonly problems: readonly string[];

  constructor(problems: string[], sources: readonly string[] = [`cdk.json context '${CONFIG_CONTEXT_KEY}'`]) {
    super(
      `Invalid configuration (${['defaults in code', ...sources].join(' < ')}):\n- ${problems.join('\n- ')}`,
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Validates one raw configuration value from the CDK context, merged over {@link DEFAULT_BASELINE_CONFIG}.
 * Accepts the object from cdk.json or a JSON string given with `-c hipaaBaseline='{...}'`.
 *
 * @throws ConfigError naming each bad key, the value received and what is allowed
 */
export function parseBaselineConfig(raw: unknown): BaselineConfig {
  return resolveBaselineConfig([{ source: `context '${CONFIG_CONTEXT_KEY}'`, value: raw }]);
}

/**
 * Merges `layers` (lowest first) over {@link DEFAULT_BASELINE_CONFIG} and validates the result: objects
 * merge key by key, arrays and scalars replace, `null` replaces (account and region use it for
 * "environment-agnostic"). A layer may be an object or a JSON string; an `undefined` layer is skipped.
 *
 * @throws ConfigError with every problem: bad values, unknown keys, and every alert topic that would
 *   page nobody
 */
export function resolveBaselineConfig(layers: readonly ConfigLayer[]): BaselineConfig {
  const present = layers.filter((layer) => layer.value !== undefined && layer.value !== null);
  const sources = present.map((layer) => layer.source);
  if (present.length === 0) {
    throw new ConfigError([`the '${CONFIG_CONTEXT_KEY}' key is missing from the context`], sources);
  }
  const parsed: unknown[] = [];
  for (const layer of present) {
    if (typeof layer.value !== 'string') {
      parsed.push(layer.value);
      continue;
    }
    try {
      parsed.push(JSON.parse(layer.value));
    } catch (error) {
      throw new ConfigError(
        [`${layer.source}: the value is not valid JSON (${(error as Error).message})`],
        sources,
      );
    }
  }
  const value = mergeConfigLayers([DEFAULT_BASELINE_CONFIG, ...parsed]);
  const result = BaselineConfigSchema.safeParse(value);
  const problems = result.success ? [] : result.error.issues.flatMap((issue) => describeIssue(issue, value));
  problems.push(
    ...[...relationProblems(value), ...unsubscribedTopics(value)].map((p) => `${CONFIG_CONTEXT_KEY}.${p}`),
  );
  if (problems.length === 0 && result.success) return result.data;
  throw new ConfigError(problems, sources);
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string[] {
  const key = [CONFIG_CONTEXT_KEY, ...issue.path].join('.');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map(
      (k) => `${key}.${k} is not a configuration key (see the Configuration table in README.md)`,
    );
  }
  const received = issue.path.reduce<unknown>(
    (node, part) =>
      node && typeof node === 'object' ? (node as Record<string, unknown>)[part as string] : undefined,
    value,
  );
  return [`${key} ${issue.message} (got ${JSON.stringify(received)})`];
}

/**
 * Problems between keys of the merged configuration `raw`, checked on the raw value so they are listed
 * together with every other problem: zones outside `env.region`, zones without a Region, and existing
 * alarm topics in another Region (alarms and rules publish only within their Region).
 */
function relationProblems(raw: unknown): string[] {
  const config = (raw && typeof raw === 'object' ? raw : {}) as {
    env?: { region?: unknown; availabilityZones?: unknown };
    alerts?: Record<string, unknown>;
  };
  const region = typeof config.env?.region === 'string' ? config.env.region : undefined;
  const zones = Array.isArray(config.env?.availabilityZones) ? config.env.availabilityZones : [];
  const problems: string[] = [];
  if (zones.length > 0 && !region)
    problems.push('env.region is required when availabilityZones is set (got null)');
  for (const [i, az] of zones.entries()) {
    if (region && typeof az === 'string' && !az.startsWith(region)) {
      problems.push(`env.availabilityZones.${i} must be in region ${region} (got ${JSON.stringify(az)})`);
    }
  }
  for (const key of ['securityAlarms', 'breakGlass']) {
    const list = config.alerts?.[key];
    for (const [i, entry] of (Array.isArray(list) ? list : []).entries()) {
      const arn = entry && typeof entry === 'object' ? (entry as { topicArn?: unknown }).topicArn : undefined;
      const topicRegion = typeof arn === 'string' ? topicArnRegion(arn) : undefined;
      if (region && topicRegion && topicRegion !== region) {
        problems.push(
          `alerts.${key}.${i} must be a topic in env.region ${region}: alarms and rules publish only within their Region (got ${JSON.stringify(arn)})`,
        );
      }
    }
  }
  return problems;
}
