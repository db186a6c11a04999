// Error responses of the loopback AWS, in each protocol's own shape: JSON 1.1 (`__type`) for Config,
// REST-JSON (`x-amzn-ErrorType`) for Security Hub, and query-protocol XML for STS.

/** How an operation fails. */
export type FailureMode =
  | 'access-denied'
  | 'server-error'
  | 'malformed'
  | 'hang'
  | 'not-subscribed'
  | 'no-such-pack'
  | 'expired-token'
  | 'throttling';

/** An HTTP response. */
export interface FakeResponse {
  readonly status: number;
  readonly body: string;
  readonly headers: Record<string, string>;
}

const STS_OPERATIONS = new Set(['GetCallerIdentity', 'AssumeRole']);
const SECURITY_HUB_OPERATIONS = new Set([
  'GetEnabledStandards',
  'GetFindings',
  'ListRestoreJobs',
  'ListProtectedResources',
]);

const CODES: Record<Exclude<FailureMode, 'hang' | 'malformed'>, string> = {
  'access-denied': 'AccessDeniedException',
  'server-error': 'InternalFailure',
  'not-subscribed': 'InvalidAccessException',
  'no-such-pack': 'NoSuchConformancePackException',
  'expired-token': 'ExpiredTokenException',
  throttling: 'ThrottlingException',
};
const STATUS: Record<Exclude<FailureMode, 'hang' | 'malformed'>, number> = {
  'access-denied': 403,
  'server-error': 500,
  'not-subscribed': 401,
  'no-such-pack': 400,
  'expired-token': 400,
  throttling: 400,
};

/** The response `op` gets when it fails with `mode` (other than `hang`, which gets none). */
export function failureResponse(
  op: string,
  mode: Exclude<FailureMode, 'hang'>,
  account: string,
): FakeResponse {
  const sts = STS_OPERATIONS.has(op);
  const config = !sts && !SECURITY_HUB_OPERATIONS.has(op);
  const jsonType = config ? 'application/x-amz-json-1.1' : 'application/json';
  if (mode === 'malformed') {
    return {
      status: 200,
      body: '{"ConformancePackName": "x", "Findings": [ {oops',
      headers: { 'content-type': jsonType },
    };
  }
  const code =
    sts && mode === 'access-denied'
      ? 'AccessDenied'
      : sts && mode === 'throttling'
        ? 'Throttling'
        : CODES[mode];
  const message =
    mode === 'access-denied'
      ? `User: arn:aws:sts::${account}:assumed-role/Auditor/x is not authorized to perform: ${op}`
      : mode === 'not-subscribed'
        ? `Account ${account} is not subscribed to AWS Security Hub`
        : mode === 'expired-token'
          ? 'The security token included in the request is expired'
          : mode === 'throttling'
            ? 'Rate exceeded'
            : `${code} for ${op}`;
  if (sts) {
    return {
      status: STATUS[mode],
      body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
      headers: { 'content-type': 'text/xml' },
    };
  }
  if (config)
    return {
      status: STATUS[mode],
      body: JSON.stringify({ __type: code, message }),
      headers: { 'content-type': jsonType },
    };
  return {
    status: STATUS[mode],
    body: JSON.stringify({ Message: message, Code: code }),
    headers: { 'content-type': jsonType, 'x-amzn-errortype': code },
  };
}
