import { BackupClient } from '@aws-sdk/client-backup';
import { ConfigServiceClient, type ConfigServiceClientConfig } from '@aws-sdk/client-config-service';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { Limiter } from './private/limiter';

/** Attempts per request (first try plus retries) before a call is reported as failed. */
export const DEFAULT_MAX_ATTEMPTS = 5;
/** Most attempts per request accepted: adaptive retries are bounded so a failing call ends. */
export const MAX_ATTEMPTS_LIMIT = 10;
/** Milliseconds a single HTTP request may take before it is abandoned and retried. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Seconds a whole `posture` run may take before it stops with what it has, labelled incomplete. */
export const DEFAULT_DEADLINE_SECONDS = 120;

/** Per-call options every AWS call of the collector receives: the run's deadline signal. */
export interface CallOptions {
  readonly abortSignal?: AbortSignal;
}

/** Credentials as every AWS SDK v3 client accepts them: static, or a provider. */
export type PostureCredentials = ConfigServiceClientConfig['credentials'];

/** How the SDK clients of one account and region are configured. */
export interface ClientSettings {
  readonly region: string;
  /** Credentials; when absent, the SDK's default chain (or `profile`) is used. */
  readonly credentials?: PostureCredentials;
  /** A named profile from the shared config files. */
  readonly profile?: string;
  /** Sends every request to this URL instead of the AWS endpoint (tests, local emulators). */
  readonly endpoint?: string;
  readonly timeoutMs?: number;
  readonly maxAttempts?: number;
}

/** Counts HTTP attempts (retries included) across clients. */
export interface RequestMeter {
  requests: number;
}

/**
 * Configuration shared by the Config, Security Hub, Backup, SSM and STS clients: adaptive retries (the client slows
 * down when throttled), a bounded number of attempts (1 to {@link MAX_ATTEMPTS_LIMIT}), and connection and
 * request timeouts of the Node.js HTTP handler that fail rather than warn. Each call also receives the
 * run's deadline signal ({@link CallOptions}).
 */
export function sdkClientConfig(settings: ClientSettings) {
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxAttempts = settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
    throw new Error(`maxAttempts must be an integer from 1 to ${MAX_ATTEMPTS_LIMIT}, got ${maxAttempts}`);
  }
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) {
    throw new Error(`timeoutMs must be a positive integer, got ${timeoutMs}`);
  }
  return {
    region: settings.region,
    retryMode: 'adaptive',
    maxAttempts,
    requestHandler: { requestTimeout: timeoutMs, connectionTimeout: timeoutMs, throwOnRequestTimeout: true },
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    ...(settings.profile ? { profile: settings.profile } : {}),
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
  };
}

interface Instrumentable {
  readonly middlewareStack: {
    add(middleware: unknown, options: { step: string; name: string; priority?: string }): void;
  };
}

/**
 * Routes every request of `client` through `limiter` (one slot for the whole call, retries included) and
 * counts each HTTP attempt on `meter`.
 */
export function instrument<C>(client: C, limiter: Limiter, meter: RequestMeter): C {
  const stack = (client as unknown as Instrumentable).middlewareStack;
  stack.add((next: (args: unknown) => Promise<unknown>) => (args: unknown) => limiter.run(() => next(args)), {
    step: 'initialize',
    name: 'hipaaPostureLimiter',
    priority: 'high',
  });
  stack.add(
    (next: (args: unknown) => Promise<unknown>) => (args: unknown) => {
      meter.requests += 1;
      return next(args);
    },
    { step: 'deserialize', name: 'hipaaPostureRequestMeter', priority: 'low' },
  );
  return client;
}

/** The clients of one account and region. */
export interface PostureClients {
  readonly config: ConfigServiceClient;
  readonly securityHub: SecurityHubClient;
  /** AWS Backup: restore jobs and protected resources. */
  readonly backup: BackupClient;
  /** Systems Manager: managed instances and their patch states. */
  readonly ssm: SSMClient;
  /** Closes their connections. */
  destroy(): void;
}

/** Creates the Config, Security Hub, Backup and SSM clients for one account and region. */
export function createPostureClients(
  settings: ClientSettings,
  limiter: Limiter,
  meter: RequestMeter,
): PostureClients {
  const config = instrument(new ConfigServiceClient(sdkClientConfig(settings)), limiter, meter);
  const securityHub = instrument(new SecurityHubClient(sdkClientConfig(settings)), limiter, meter);
  const backup = instrument(new BackupClient(sdkClientConfig(settings)), limiter, meter);
  const ssm = instrument(new SSMClient(sdkClientConfig(settings)), limiter, meter);
  return {
    config,
    securityHub,
    backup,
    ssm,
    destroy: () => {
      config.destroy();
      securityHub.destroy();
      backup.destroy();
      ssm.destroy();
    },
  };
}
