import type { CollectionGap, GapCode, PostureSource } from '../model';
import { ACTION_FOR_OPERATION } from '../permissions';
import { isDeadlineError } from './deadline';

/** Where a failed call was made. */
export interface CallContext {
  readonly source: PostureSource;
  readonly account: string;
  readonly region: string;
  readonly operation: string;
  /** The conformance pack, for Config calls about one pack. */
  readonly conformancePack?: string;
}

interface SdkError {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly $fault?: 'client' | 'server';
  readonly $metadata?: { readonly httpStatusCode?: number };
}

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
  'AuthorizationError',
]);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);
const THROTTLED = new Set([
  'ThrottlingException',
  'ThrottledException',
  'Throttling',
  'TooManyRequestsException',
  'LimitExceededException',
  'RequestLimitExceeded',
]);
const TIMEOUT = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'AbortError']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNRESET', 'EPIPE']);
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * The socket error code of a failed connection. The SDK keeps it as `code`, or, when it wrapped an error
 * from another realm ("AWS SDK error wrapper for Error: connect ECONNREFUSED …"), only in the message.
 */
function unreachableCode(e: SdkError): string | undefined {
  if (UNREACHABLE_CODES.has(e.code ?? '')) return e.code;
  const inMessage = /\b(ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN)\b/.exec(e.message ?? '');
  return inMessage?.[1];
}

/** Classifies an SDK error into a gap code. */
export function gapCode(error: unknown): GapCode {
  const e = (error ?? {}) as SdkError;
  const name = e.name ?? '';
  const message = e.message ?? '';
  if (isDeadlineError(error)) return 'deadline-exceeded';
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message))
    return 'missing-credentials';
  if (EXPIRED.has(name) || /security token included in the request is expired/i.test(message))
    return 'expired-credentials';
  if (name === 'InvalidAccessException' && /not subscribed/i.test(message)) return 'securityhub-not-enabled';
  if (name === 'NoSuchConformancePackException') return 'conformance-pack-not-found';
  if (ACCESS_DENIED.has(name) || e.$metadata?.httpStatusCode === 403) return 'access-denied';
  if (THROTTLED.has(name)) return 'throttled';
  if (unreachableCode(e)) return 'unreachable';
  if (TIMEOUT.has(name) || TIMEOUT_CODES.has(e.code ?? '')) return 'timeout';
  if (name === 'SyntaxError' || /deserializ|unexpected token|JSON/i.test(message))
    return 'malformed-response';
  if (e.$fault === 'server' || (e.$metadata?.httpStatusCode ?? 0) >= 500) return 'service-error';
  return 'error';
}

/** A one-line, actionable message for a gap. */
function describe(code: GapCode, ctx: CallContext, permission: string, error: SdkError): string {
  const where = `${ctx.account}/${ctx.region}`;
  const detail = (error.message ?? String(error)).split('\n')[0].slice(0, 200);
  switch (code) {
    case 'missing-credentials':
      return 'no AWS credentials found: pass --profile, set AWS_PROFILE, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY';
    case 'expired-credentials':
      return `the AWS session token has expired (${where}): refresh the credentials (e.g. aws sso login) and run again`;
    case 'access-denied':
      return `access denied in ${where}: ${ctx.operation} needs ${permission}; grant it (see POSTURE_READ_ACTIONS)`;
    case 'securityhub-not-enabled':
      return `Security Hub is not enabled in ${where}: enable it, or its controls cannot be observed`;
    case 'conformance-pack-not-found':
      return `conformance pack ${ctx.conformancePack ?? '(unknown)'} not found in ${where}: check --conformance-pack, or that AWS Config is enabled there`;
    case 'no-conformance-pack':
      return `no conformance pack deployed in ${where}: AWS Config is not enabled there or has no conformance pack`;
    case 'throttled':
      return `${ctx.operation} in ${where} was still throttled after retries: run again later or lower --concurrency`;
    case 'timeout':
      return `${ctx.operation} in ${where} timed out after retries: check the network, or raise --timeout-ms`;
    case 'unreachable':
      return `${ctx.operation} in ${where} could not connect after retries (${unreachableCode(error) ?? detail}): check the network, proxy or --endpoint-url`;
    case 'deadline-exceeded':
      return `${ctx.operation} in ${where} was stopped unfinished: ${deadlineDetail(error)}; what it had not collected is missing (raise --deadline, or collect fewer regions or accounts per run)`;
    case 'no-securityhub-standard':
      return `Security Hub in ${where} has no standard enabled: no control is evaluated, so nothing can be observed there; enable a standard (e.g. NIST SP 800-53)`;
    case 'no-config-results':
      return `conformance pack(s) ${ctx.conformancePack ?? ''} in ${where} returned no evaluation result: nothing was evaluated there (is the configuration recorder recording the pack's resource types?)`;
    case 'no-config-recorder':
      return `AWS Config has no configuration recorder in ${where}: conformance-pack results there cannot be current; set up AWS Config`;
    case 'config-recorder-stopped':
      return `the AWS Config configuration recorder in ${where} is not recording: conformance-pack results there are stale; start the recorder`;
    case 'service-error':
      return `${ctx.operation} in ${where} failed with a service error after retries: ${detail}`;
    case 'malformed-response':
      return `${ctx.operation} in ${where} returned a response that could not be read: ${detail}`;
    default:
      return `${ctx.operation} in ${where} failed: ${detail}`;
  }
}

function deadlineDetail(error: SdkError & { cause?: { message?: string } }): string {
  return error.name === 'DeadlineExceeded'
    ? (error.message ?? 'the overall deadline was reached')
    : (error.cause?.message ?? 'the overall deadline was reached');
}

/** The gap an error leaves, with the IAM action when access was denied. */
export function toGap(error: unknown, ctx: CallContext): CollectionGap {
  const code = gapCode(error);
  const permission = ACTION_FOR_OPERATION[ctx.operation] ?? ctx.operation;
  return {
    source: ctx.source,
    account: ctx.account,
    region: ctx.region,
    operation: ctx.operation,
    code,
    ...(code === 'access-denied' ? { permission } : {}),
    message: describe(code, ctx, permission, (error ?? {}) as SdkError),
  };
}

/** A gap that is not an error: e.g. no conformance pack deployed. */
export function noticeGap(code: GapCode, ctx: CallContext): CollectionGap {
  return {
    source: ctx.source,
    account: ctx.account,
    region: ctx.region,
    operation: ctx.operation,
    code,
    message: describe(code, ctx, ACTION_FOR_OPERATION[ctx.operation] ?? ctx.operation, {}),
  };
}
