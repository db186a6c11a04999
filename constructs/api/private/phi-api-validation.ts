import { Duration, Token } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { Citation } from '../../core/citations';
import { checkRetentionProfile } from '../../core/retention';
import type { PropsCheck } from '../../core/validation';
import type { PhiApiAuthorization, PhiApiProps } from '../phi-api';

/** Requests per second the stage allows unless changed: `throttlingRateLimit`'s default. */
export const DEFAULT_THROTTLING_RATE_LIMIT = 100;
/** Concurrent requests the stage absorbs in a burst unless changed: `throttlingBurstLimit`'s default. */
export const DEFAULT_THROTTLING_BURST_LIMIT = 200;
/** Highest steady rate a stage may allow: API Gateway's default account quota per Region. */
export const MAX_THROTTLING_RATE_LIMIT = 10_000;
/** Highest burst a stage may allow: API Gateway's default account burst quota per Region. */
export const MAX_THROTTLING_BURST_LIMIT = 5_000;
/** Cache cluster sizes API Gateway offers, in GB. */
export const CACHE_CLUSTER_SIZES: readonly string[] = [
  '0.5',
  '1.6',
  '6.1',
  '13.5',
  '28.4',
  '58.2',
  '118',
  '237',
];
/** Longest time-to-live API Gateway allows for a cached response. */
export const MAX_CACHE_TTL = Duration.hours(1);

/** Authentication and access control together: the citations every authorizer problem names. */
export const AUTHORIZER_CITATION = `${Citation.AUTHENTICATION}, ${Citation.ACCESS_CONTROL}`;

const AUTHORIZATION_KINDS = ['cognito', 'iam', 'lambda'] as const;
const AUTHORIZATION_ALLOWED =
  'exactly one of { cognito: { userPools: [pool] } }, { iam: true } or { lambda: fn }: every method needs an authorizer';
/** OAuth 2.0 scope tokens (RFC 6749 3.3), e.g. `openid` or `patients/records.read`. */
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]{1,256}$/;
/** Request parts a Lambda request authorizer may read credentials from (never the query string). */
const IDENTITY_SOURCE =
  /^(method\.request\.header\.[A-Za-z0-9!#$%&'*+.^_`|~-]+|context\.[A-Za-z0-9.]+|stageVariables\.[A-Za-z0-9_]+)$/;
/** A lowercase DNS name (API Gateway refuses uppercase), optionally a wildcard. */
const DOMAIN_NAME =
  /^(?=.{1,253}$)(\*\.)?([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
/** An allowed CORS origin: HTTPS, or plain HTTP to localhost for development. */
const CORS_ORIGIN = /^(https:\/\/[a-z0-9.-]+(:\d{1,5})?|http:\/\/localhost(:\d{1,5})?)$/;

/** Records every problem with a {@link PhiApiProps}. */
export function validatePhiApiProps(check: PropsCheck, props: PhiApiProps): void {
  checkAuthorization(check, props.authorization);
  check.matches(
    'stageName',
    props.stageName,
    /^[A-Za-z0-9_]{1,128}$/,
    'a literal stage name of 1 to 128 letters, digits and underscores',
    Citation.AUDIT_CONTROLS,
  );
  check.integerInRange(
    'throttlingRateLimit',
    props.throttlingRateLimit,
    1,
    MAX_THROTTLING_RATE_LIMIT,
    Citation.RISK_MANAGEMENT,
  );
  check.integerInRange(
    'throttlingBurstLimit',
    props.throttlingBurstLimit,
    1,
    MAX_THROTTLING_BURST_LIMIT,
    Citation.RISK_MANAGEMENT,
  );
  check.oneOf(
    'executionLoggingLevel',
    props.executionLoggingLevel,
    [apigateway.MethodLoggingLevel.ERROR, apigateway.MethodLoggingLevel.INFO],
    Citation.AUDIT_CONTROLS,
  );
  checkRetentionProfile(check, 'logRetention', props.logRetention);
  checkDomain(check, props);
  checkEndpoint(check, props);
  checkCors(check, props.cors);
  if (props.cache !== undefined) {
    check.oneOf('cache.clusterSize', props.cache.clusterSize, CACHE_CLUSTER_SIZES, Citation.RISK_MANAGEMENT);
    check.durationInRange(
      'cache.ttl',
      props.cache.ttl,
      Duration.seconds(0),
      MAX_CACHE_TTL,
      Citation.ACCESS_CONTROL,
    );
  }
}

function checkAuthorization(check: PropsCheck, authorization: PhiApiAuthorization | undefined): void {
  const given =
    authorization !== null && typeof authorization === 'object'
      ? AUTHORIZATION_KINDS.filter((k) => (authorization as Record<string, unknown>)[k] !== undefined)
      : [];
  if (
    !check.require(given.length === 1, {
      prop: 'authorization',
      received: authorization,
      allowed: AUTHORIZATION_ALLOWED,
      citation: AUTHORIZER_CITATION,
    })
  )
    return;
  const auth = authorization as Record<string, unknown>;
  if (given[0] === 'iam') {
    check.require(auth.iam === true, {
      prop: 'authorization.iam',
      received: auth.iam,
      allowed: 'true (SigV4-signed requests, authorized by IAM policies)',
      citation: AUTHORIZER_CITATION,
    });
  } else if (given[0] === 'lambda') {
    checkLambda(check, auth);
  } else {
    checkCognito(check, auth.cognito as { userPools?: unknown; scopes?: unknown });
  }
}

function checkCognito(check: PropsCheck, cognito: { userPools?: unknown; scopes?: unknown }): void {
  const pools = cognito?.userPools;
  check.require(
    Array.isArray(pools) &&
      pools.length > 0 &&
      pools.every((p) => typeof (p as { userPoolArn?: unknown })?.userPoolArn === 'string'),
    {
      prop: 'authorization.cognito.userPools',
      received: pools,
      allowed: 'a non-empty list of Cognito user pools whose tokens the API accepts',
      citation: AUTHORIZER_CITATION,
    },
  );
  const scopes = cognito?.scopes;
  if (scopes === undefined) return;
  check.require(
    Array.isArray(scopes) &&
      scopes.length > 0 &&
      scopes.every((s) => typeof s === 'string' && !Token.isUnresolved(s) && SCOPE.test(s)),
    {
      prop: 'authorization.cognito.scopes',
      received: scopes,
      allowed:
        'a non-empty list of literal OAuth scopes without spaces (e.g. "patients/records.read"), or absent to accept ID tokens',
      citation: AUTHORIZER_CITATION,
    },
  );
}

function checkLambda(check: PropsCheck, auth: Record<string, unknown>): void {
  check.require(typeof (auth.lambda as { functionArn?: unknown })?.functionArn === 'string', {
    prop: 'authorization.lambda',
    received: auth.lambda,
    allowed: 'a Lambda function (lambda.IFunction) that authorizes each request',
    citation: AUTHORIZER_CITATION,
  });
  const sources = auth.identitySources;
  if (sources === undefined) return;
  check.require(
    Array.isArray(sources) &&
      sources.length > 0 &&
      sources.every((s) => typeof s === 'string' && !Token.isUnresolved(s) && IDENTITY_SOURCE.test(s)),
    {
      prop: 'authorization.identitySources',
      received: sources,
      allowed:
        'a non-empty list of method.request.header.<name>, context.<name> or stageVariables.<name> (credentials in a query string end up in logs and browser history)',
      citation: AUTHORIZER_CITATION,
    },
  );
}

function checkDomain(check: PropsCheck, props: PhiApiProps): void {
  const domain = props.domain;
  if (domain === undefined) return;
  const name = domain.domainName;
  check.require(typeof name === 'string' && (Token.isUnresolved(name) || DOMAIN_NAME.test(name)), {
    prop: 'domain.domainName',
    received: name,
    allowed: 'a lowercase DNS name, e.g. "api.example.org" (API Gateway refuses uppercase)',
    citation: Citation.TRANSMISSION_SECURITY,
  });
  check.require(typeof domain.certificate?.certificateArn === 'string', {
    prop: 'domain.certificate',
    received: domain.certificate,
    allowed: "an ACM certificate for the domain, in the stack's Region (a REGIONAL endpoint)",
    citation: Citation.ENCRYPTION_IN_TRANSIT,
  });
  check.require(props.endpoint?.private === undefined, {
    prop: 'domain',
    received: name,
    allowed:
      'absent for a private API: a private custom domain name is a different resource (AWS::ApiGateway::DomainNameV2) that PhiApi does not create',
    citation: Citation.TRANSMISSION_SECURITY,
  });
}

function checkEndpoint(check: PropsCheck, props: PhiApiProps): void {
  const endpoint = props.endpoint;
  if (endpoint === undefined) return;
  check.require(typeof endpoint?.private?.vpcEndpoint?.vpcEndpointId === 'string', {
    prop: 'endpoint.private.vpcEndpoint',
    received: endpoint?.private,
    allowed:
      'an interface VPC endpoint for execute-api, the only path the resource policy lets callers in by',
    citation: Citation.ACCESS_CONTROL,
  });
}

function checkCors(check: PropsCheck, cors: apigateway.CorsOptions | undefined): void {
  if (cors === undefined) return;
  const origins = cors.allowOrigins;
  check.require(
    Array.isArray(origins) &&
      origins.length > 0 &&
      origins.every((o) => typeof o === 'string' && !Token.isUnresolved(o) && CORS_ORIGIN.test(o)),
    {
      prop: 'cors.allowOrigins',
      received: origins,
      allowed:
        'a non-empty list of literal https:// origins (http://localhost for development), never "*": only the apps you name may call the API from a browser',
      citation: Citation.ACCESS_CONTROL,
    },
  );
}
