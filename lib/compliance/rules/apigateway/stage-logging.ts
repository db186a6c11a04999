import { Citation } from '../../../../constructs/core/citations';
import type { Resolved } from '../../template/resolve';
import {
  asNumber,
  expectEqual,
  expectPresent,
  fail,
  type Problem,
  type ResourceView,
  type TemplateRule,
  unverified,
} from '../../template/rule';
import { isSpecial } from '../../template/template-set';

/** Execution log levels that record errors (INFO records them too). */
const LOGGING_LEVELS = ['ERROR', 'INFO'];
/**
 * What an access log record must hold to answer who did what, when and how it ended: each entry is a
 * set of `$context` variables, one of which must appear in the format.
 */
const REQUIRED_ACCESS_FIELDS: readonly (readonly string[])[] = [
  ['$context.requestId', '$context.extendedRequestId'],
  ['$context.identity.sourceIp'],
  ['$context.requestTime', '$context.requestTimeEpoch'],
  ['$context.httpMethod'],
  ['$context.resourcePath', '$context.path'],
  ['$context.status'],
];

type Setting = { readonly [key: string]: Resolved };

function accessLogProblems(view: ResourceView): Problem[] {
  const problems = expectPresent(
    view,
    'AccessLogSetting.DestinationArn',
    'access logs go to a log group (or Firehose stream) kept as audit evidence',
  );
  const format = view.get('AccessLogSetting.Format');
  if (format !== undefined && isSpecial(format))
    return [...problems, unverified('AccessLogSetting.Format', format, 'a JSON access log format')];
  let parsed: unknown;
  try {
    parsed = typeof format === 'string' ? JSON.parse(format) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    return [
      ...problems,
      fail(
        'AccessLogSetting.Format',
        `AccessLogSetting.Format must be a JSON object of $context variables, got ${format === undefined ? 'nothing (property absent)' : JSON.stringify(format)}`,
      ),
    ];
  const missing = REQUIRED_ACCESS_FIELDS.filter((any) => !any.some((v) => (format as string).includes(v)));
  if (missing.length > 0)
    problems.push(
      fail(
        'AccessLogSetting.Format',
        `AccessLogSetting.Format must record ${missing.map((m) => m.join(' or ')).join(', ')}`,
      ),
    );
  return problems;
}

function methodSettingProblems(view: ResourceView): Problem[] {
  const settings = view.get('MethodSettings');
  if (settings !== undefined && isSpecial(settings))
    return [unverified('MethodSettings', settings, 'a list with a */* entry')];
  const list = (Array.isArray(settings) ? settings : []) as Setting[];
  const problems: Problem[] = [];
  list.forEach((s, i) => {
    if (s?.DataTraceEnabled === true)
      problems.push(
        fail(
          `MethodSettings[${i}].DataTraceEnabled`,
          `MethodSettings[${i}].DataTraceEnabled must be false: full request and response bodies (ePHI) would be written to the execution logs`,
        ),
      );
    if (s?.LoggingLevel === 'OFF')
      problems.push(
        fail(`MethodSettings[${i}].LoggingLevel`, `MethodSettings[${i}].LoggingLevel must not be OFF`),
      );
  });
  const index = list.findIndex((s) => s?.HttpMethod === '*' && s?.ResourcePath === '/*');
  const all = list[index];
  if (!all)
    return [
      ...problems,
      fail(
        'MethodSettings',
        'MethodSettings must hold an entry for HttpMethod "*" and ResourcePath "/*" with LoggingLevel ERROR or INFO and throttling limits',
      ),
    ];
  view.note('defaultMethodSetting', all);
  const level = all.LoggingLevel;
  if (isSpecial(level))
    problems.push(unverified(`MethodSettings[${index}].LoggingLevel`, level, LOGGING_LEVELS.join(' or ')));
  else if (typeof level !== 'string' || !LOGGING_LEVELS.includes(level))
    problems.push(
      fail(
        `MethodSettings[${index}].LoggingLevel`,
        `MethodSettings[${index}].LoggingLevel must be ERROR or INFO, got ${JSON.stringify(level ?? null)}`,
      ),
    );
  for (const limit of ['ThrottlingRateLimit', 'ThrottlingBurstLimit']) {
    const n = asNumber(all[limit]);
    if (isSpecial(all[limit]))
      problems.push(unverified(`MethodSettings[${index}].${limit}`, all[limit], 'a positive limit'));
    else if (n === undefined || n <= 0)
      problems.push(
        fail(
          `MethodSettings[${index}].${limit}`,
          `MethodSettings[${index}].${limit} must be a positive limit, got ${JSON.stringify(all[limit] ?? null)}`,
        ),
      );
  }
  return problems;
}

/**
 * Every API Gateway REST API stage records its activity: JSON access logs (request id, source IP, time,
 * method, resource, status) sent to a destination; execution logging at ERROR or INFO for all methods
 * and never with full request data (`DataTraceEnabled`, which would copy ePHI bodies into the logs); X-Ray
 * tracing; and throttling limits for all methods, so a flood cannot exhaust the backends.
 */
export const ApiGatewayStageLogging: TemplateRule = {
  id: 'ApiGatewayStageLogging',
  citations: [Citation.AUDIT_CONTROLS, Citation.ACTIVITY_REVIEW, Citation.RISK_MANAGEMENT],
  severity: 'error',
  resourceTypes: ['AWS::ApiGateway::Stage'],
  rationale:
    'Access logs are the record of who called which operation on ePHI and what happened; execution logs and traces show why a call failed; full request logging would itself store ePHI; an unthrottled stage lets one client exhaust the backends.',
  fix: 'Build the API with PhiApi, or set AccessLogSetting (DestinationArn and a JSON Format with $context.requestId, identity.sourceIp, requestTime, httpMethod, resourcePath and status), a MethodSettings entry for */* with LoggingLevel ERROR or INFO, DataTraceEnabled false and throttling limits, and TracingEnabled true.',
  check: (view) => [
    ...accessLogProblems(view),
    ...methodSettingProblems(view),
    ...expectEqual(view, 'TracingEnabled', true),
  ],
};
