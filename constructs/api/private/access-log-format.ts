/**
 * The fields of every access log record, as API Gateway `$context` variables: who called (source IP, IAM
 * caller and user, the authorizer's principal), what they asked for (method, resource path template,
 * protocol), when, and how it ended (status, length, latency, authorizer / integration / WAF errors).
 *
 * The request path with its values (`$context.path`), query strings, headers and bodies are left out on
 * purpose: a path like `/patients/123-45-6789` or a query string can carry PHI, and the access log is kept
 * six years. `resourcePath` is the template (`/patients/{id}`), which identifies the operation without
 * the identifiers.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-variables-for-access-logging.html
 */
export const ACCESS_LOG_FIELDS: Readonly<Record<string, string>> = {
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  ip: '$context.identity.sourceIp',
  caller: '$context.identity.caller',
  user: '$context.identity.user',
  userArn: '$context.identity.userArn',
  principalId: '$context.authorizer.principalId',
  vpceId: '$context.identity.vpceId',
  userAgent: '$context.identity.userAgent',
  requestTime: '$context.requestTime',
  requestTimeEpoch: '$context.requestTimeEpoch',
  domainName: '$context.domainName',
  stage: '$context.stage',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  authorizeStatus: '$context.authorize.status',
  authorizeError: '$context.authorize.error',
  authorizerStatus: '$context.authorizer.status',
  authorizerError: '$context.authorizer.error',
  integrationStatus: '$context.integration.status',
  integrationError: '$context.integration.error',
  errorType: '$context.error.responseType',
  errorMessage: '$context.error.message',
  wafStatus: '$context.waf.status',
  wafError: '$context.waf.error',
};

/**
 * The access log format: one JSON object a line, every value a string so a `-` for an absent value
 * still parses.
 */
export function accessLogFormat(): string {
  return JSON.stringify(ACCESS_LOG_FIELDS);
}
