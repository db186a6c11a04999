import { Annotations, type Duration, Names, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { Citation } from '../core/citations';
import { dataDomainFromId } from '../core/naming';
import { acknowledgeBuiltIn } from '../core/private/acknowledge-built-in';
import { RetentionProfile } from '../core/retention';
import { PropsCheck } from '../core/validation';
import { PhiWebAcl } from '../edge/phi-web-acl';
import { PhiKey } from '../encryption/phi-key';
import { AuditLogGroup } from '../storage/audit-log-group';
import { accessLogFormat } from './private/access-log-format';
import { createAuthorizer } from './private/authorizer';
import { applyDefaultRequestValidator, unauthorizedMethodProblems } from './private/method-checks';
import {
  DEFAULT_THROTTLING_BURST_LIMIT,
  DEFAULT_THROTTLING_RATE_LIMIT,
  validatePhiApiProps,
} from './private/phi-api-validation';
import { privateEndpointPolicy } from './private/private-endpoint-policy';
import {
  adoptCloudWatchAccount,
  createExecutionLogGroup,
  existingCloudWatchAccount,
} from './private/stage-logging';

export {
  CACHE_CLUSTER_SIZES,
  DEFAULT_THROTTLING_BURST_LIMIT,
  DEFAULT_THROTTLING_RATE_LIMIT,
  MAX_THROTTLING_BURST_LIMIT,
  MAX_THROTTLING_RATE_LIMIT,
} from './private/phi-api-validation';

/** Cognito user pools whose tokens authorize callers. */
export interface PhiApiCognitoAuthorization {
  /** The user pools (e.g. an `AppUserPool`'s `userPool`). At least one. */
  readonly userPools: cognito.IUserPool[];
  /**
   * OAuth scopes a caller's access token must carry (any one of them) on every method.
   *
   * @default - ID tokens of the pools are accepted, without a scope check (164.312(d))
   */
  readonly scopes?: string[];
}

/**
 * Who may call the API: exactly one authorizer, put on every method.
 *
 * - `{ cognito: { userPools, scopes? } }`: a Cognito user pools authorizer;
 * - `{ iam: true }`: SigV4-signed requests, authorized by IAM policies (`AWS_IAM`);
 * - `{ lambda: fn }`: a Lambda token authorizer reading the `Authorization` header, or with
 *   `identitySources` (e.g. `method.request.header.X-Api-Token`) a Lambda request authorizer.
 */
export type PhiApiAuthorization =
  | { readonly cognito: PhiApiCognitoAuthorization }
  | { readonly iam: true }
  | { readonly lambda: lambda.IFunction; readonly identitySources?: string[] };

/** A custom domain name for the API. */
export interface PhiApiDomain {
  /** The domain name, lowercase, e.g. `api.example.org`. */
  readonly domainName: string;
  /** An ACM certificate for the domain in the stack's Region. */
  readonly certificate: acm.ICertificate;
  /**
   * The base path the API is mapped at.
   *
   * @default - the API answers at the domain root
   */
  readonly basePath?: string;
}

/** Makes the API private: reachable only through an interface VPC endpoint. */
export interface PhiApiEndpoint {
  /** The interface VPC endpoint (service `execute-api`) callers come through. */
  readonly private: { readonly vpcEndpoint: ec2.IInterfaceVpcEndpoint };
}

/** A stage cache for responses, encrypted. */
export interface PhiApiCache {
  /**
   * Cache cluster size in GB: one of CACHE_CLUSTER_SIZES.
   *
   * @default '0.5'
   */
  readonly clusterSize?: string;
  /**
   * How long a response is cached, up to one hour.
   *
   * @default Duration.minutes(5) - API Gateway's default
   */
  readonly ttl?: Duration;
}

/** Properties of a {@link PhiApi}. */
export interface PhiApiProps {
  /** The authorizer every method gets. Required: a PHI API has no anonymous methods. */
  readonly authorization: PhiApiAuthorization;
  /**
   * Name of the REST API.
   *
   * @default - the construct id
   */
  readonly restApiName?: string;
  /**
   * Description of the REST API.
   *
   * @default - none
   */
  readonly description?: string;
  /**
   * Name of the deployment stage.
   *
   * @default 'prod'
   */
  readonly stageName?: string;
  /**
   * A custom domain: a REGIONAL domain name with security policy TLS_1_2, mapped to the stage. With a
   * domain, the default `execute-api` endpoint is disabled, so only the domain answers. Not for a private
   * API.
   *
   * @default - callers use the default `execute-api` endpoint (TLS 1.2 enforced by AWS) (164.312(e)(1))
   */
  readonly domain?: PhiApiDomain;
  /**
   * The web ACL associated with the stage. Kept for private APIs too.
   *
   * @default - a new {@link PhiWebAcl} for this API (164.308(a)(1)(ii)(B))
   */
  readonly webAcl?: PhiWebAcl;
  /**
   * Make the API private, reachable only through an interface VPC endpoint (enforced by its resource
   * policy on `aws:SourceVpce`).
   *
   * @default - a REGIONAL endpoint (164.312(e)(1))
   */
  readonly endpoint?: PhiApiEndpoint;
  /**
   * CORS for browser apps: an OPTIONS preflight (MOCK integration, no authorizer) on every resource.
   * Origins must be `https://` (or `http://localhost`), never `*`.
   *
   * @default - no CORS: no method is without an authorizer (164.312(a)(1))
   */
  readonly cors?: apigateway.CorsOptions;
  /**
   * Steady-state requests per second the stage allows, from 1 to 10000.
   *
   * @default 100 (164.308(a)(1)(ii)(B))
   */
  readonly throttlingRateLimit?: number;
  /**
   * Requests the stage absorbs in a burst, from 1 to 5000.
   *
   * @default 200 (164.308(a)(1)(ii)(B))
   */
  readonly throttlingBurstLimit?: number;
  /**
   * Execution log level: ERROR or INFO. Full request and response data is never logged.
   *
   * @default MethodLoggingLevel.ERROR (164.312(b))
   */
  readonly executionLoggingLevel?: apigateway.MethodLoggingLevel;
  /**
   * How long access and execution logs are kept.
   *
   * @default RetentionProfile.SIX_YEARS (164.316(b)(2)(i))
   */
  readonly logRetention?: RetentionProfile;
  /**
   * The key that encrypts the access and execution log groups.
   *
   * @default - a new {@link PhiKey}, domain `logs-<id>` (164.312(a)(2)(iv))
   */
  readonly logsEncryptionKey?: kms.IKey;
  /**
   * A stage cache, always encrypted. The cache key is the path and declared cache-key parameters, not
   * the caller: add the identity (e.g. `method.request.header.Authorization`) to each cached method's
   * cache keys, or one caller's PHI can be returned to another.
   *
   * @default - no cache: every response comes from the backend, for the caller who asked (164.312(a)(1))
   */
  readonly cache?: PhiApiCache;
  /**
   * Create a client certificate for the stage, so HTTP backends can verify requests come from API
   * Gateway. API Gateway client certificates expire after 365 days: rotate it.
   *
   * @default false - no client certificate; Lambda and AWS service integrations are called with SigV4 (164.312(d))
   */
  readonly clientCertificate?: boolean;
}

/**
 * An API Gateway REST API for PHI. Every method has an authorizer (Cognito, IAM or Lambda): the
 * `authorization` prop is required and synthesis fails for any method that ends up with
 * `AuthorizationType: NONE`, including methods the app adds later (CORS preflights excepted).
 *
 * Fixed in code: JSON access logs (who, what, when, outcome; no paths with values, headers or bodies) to
 * an encrypted {@link AuditLogGroup} kept six years; execution logs at ERROR (or INFO), never with full
 * request data, to a pre-created encrypted log group with the same retention; metrics and X-Ray tracing;
 * stage throttling; a request validator (body and parameters) on every method; a {@link PhiWebAcl}; a
 * REGIONAL (or private, VPC-endpoint-only) endpoint; a custom domain with TLS 1.2 and the default endpoint
 * disabled; any cache encrypted.
 *
 * Add resources and methods through {@link PhiApi.api} (`api.root.addResource('patients').addMethod(...)`).
 *
 * Serves 164.312(d), 164.312(a)(1), 164.312(b), 164.308(a)(1)(ii)(D), 164.312(e)(1), 164.312(e)(2)(ii)
 * and 164.316(b)(2)(i).
 *
 * @example
 * const api = new PhiApi(this, 'PatientApi', {
 *   authorization: { cognito: { userPools: [pool.userPool], scopes: ['patients/records.read'] } },
 *   domain: { domainName: 'api.example.org', certificate },
 * });
 * api.api.root.addResource('records').addMethod('GET', new apigateway.LambdaIntegration(fn));
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/security.html
 */
export class PhiApi extends Construct {
  /** The REST API: add resources and methods to it. */
  public readonly api: apigateway.RestApi;
  /** The deployment stage. */
  public readonly stage: apigateway.Stage;
  /** The ARN of the stage, as AWS WAF names it. */
  public readonly stageArn: string;
  /** The authorizer on every method; absent with IAM authorization. */
  public readonly authorizer?: apigateway.Authorizer;
  /** The request validator applied to every method without one of its own. */
  public readonly requestValidator: apigateway.RequestValidator;
  /** The access log group. */
  public readonly accessLogGroup: AuditLogGroup;
  /** The execution log group. */
  public readonly executionLogGroup: logs.LogGroup;
  /** The web ACL on the stage. */
  public readonly webAcl: PhiWebAcl;
  /** The association of the web ACL with the stage. */
  public readonly webAclAssociation: wafv2.CfnWebACLAssociation;
  /** The custom domain, when `domain` is set. */
  public readonly domainName?: apigateway.DomainName;
  /** The stage's client certificate, when `clientCertificate` is set. */
  public readonly clientCertificate?: apigateway.CfnClientCertificate;

  constructor(scope: Construct, id: string, props: PhiApiProps) {
    const check = new PropsCheck(scope, id);
    validatePhiApiProps(check, props);
    check.throwIfInvalid();
    super(scope, id);

    const retention = props.logRetention ?? RetentionProfile.SIX_YEARS;
    const logsKey =
      props.logsEncryptionKey ??
      new PhiKey(this, 'LogsKey', { dataDomain: dataDomainFromId(this, 'logs-') }).key;
    this.accessLogGroup = new AuditLogGroup(this, 'AccessLogs', { encryptionKey: logsKey, retention });
    const auth = createAuthorizer(this, props.authorization);
    this.authorizer = auth.authorizer;
    if (props.clientCertificate) {
      this.clientCertificate = new apigateway.CfnClientCertificate(this, 'ClientCertificate', {
        description: `Client certificate of ${this.node.path}: backends verify requests come from API Gateway`,
      });
    }

    const stageName = props.stageName ?? 'prod';
    const privateEndpoint = props.endpoint?.private?.vpcEndpoint;
    const sharedAccount = existingCloudWatchAccount(this);
    this.api = new apigateway.RestApi(this, 'Api', {
      restApiName: props.restApiName ?? id,
      description: props.description,
      endpointConfiguration: privateEndpoint
        ? { types: [apigateway.EndpointType.PRIVATE], vpcEndpoints: [privateEndpoint] }
        : { types: [apigateway.EndpointType.REGIONAL] },
      policy: privateEndpoint
        ? privateEndpointPolicy(privateEndpoint.vpcEndpointId, auth.kind === 'iam')
        : undefined,
      disableExecuteApiEndpoint: props.domain !== undefined,
      cloudWatchRole: sharedAccount === undefined,
      defaultMethodOptions: auth.methodOptions,
      defaultCorsPreflightOptions: props.cors,
      deployOptions: {
        stageName,
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogGroup.logGroup),
        accessLogFormat: apigateway.AccessLogFormat.custom(accessLogFormat()),
        loggingLevel: props.executionLoggingLevel ?? apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        tracingEnabled: true,
        throttlingRateLimit: props.throttlingRateLimit ?? DEFAULT_THROTTLING_RATE_LIMIT,
        throttlingBurstLimit: props.throttlingBurstLimit ?? DEFAULT_THROTTLING_BURST_LIMIT,
        clientCertificateId: this.clientCertificate?.attrClientCertificateId,
        ...(props.cache
          ? {
              cacheClusterEnabled: true,
              cacheClusterSize: props.cache.clusterSize ?? '0.5',
              cachingEnabled: true,
              cacheDataEncrypted: true,
              cacheTtl: props.cache.ttl,
            }
          : {}),
      },
    });
    this.stage = this.api.deploymentStage;
    if (sharedAccount) this.stage.node.addDependency(sharedAccount);
    else adoptCloudWatchAccount(this.api);
    this.stageArn = `arn:${Stack.of(this).partition}:apigateway:${Stack.of(this).region}::/restapis/${this.api.restApiId}/stages/${this.stage.stageName}`;

    this.executionLogGroup = createExecutionLogGroup(this, this.api, stageName, logsKey, retention);
    this.stage.node.addDependency(this.executionLogGroup);
    this.requestValidator = this.api.addRequestValidator('RequestValidator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    applyDefaultRequestValidator(this.api, this.requestValidator);

    this.webAcl = props.webAcl ?? new PhiWebAcl(this, 'WebAcl');
    this.webAclAssociation = this.webAcl.associate(`${Names.uniqueId(this)}Stage`, this.stageArn);
    this.webAclAssociation.node.addDependency(this.stage);

    if (props.domain) {
      this.domainName = this.api.addDomainName('Domain', {
        domainName: props.domain.domainName,
        certificate: props.domain.certificate,
        endpointType: apigateway.EndpointType.REGIONAL,
        securityPolicy: apigateway.SecurityPolicy.TLS_1_2,
        basePath: props.domain.basePath,
      });
    }

    const corsDeclared = props.cors !== undefined;
    this.node.addValidation({ validate: () => unauthorizedMethodProblems(this.api, corsDeclared) });
    this.acknowledgeChoices(auth.kind, props);
  }

  /** Acknowledges the cdk-nag rules that the chosen (or default) settings answer another way. */
  private acknowledgeChoices(kind: 'cognito' | 'iam' | 'lambda', props: PhiApiProps): void {
    if (kind !== 'cognito') {
      acknowledgeBuiltIn(this.api, [
        {
          ruleId: 'AwsSolutions-COG4',
          reason:
            kind === 'iam'
              ? 'Every method uses AWS_IAM authorization: callers sign requests with SigV4 and IAM policies decide, which authenticates workloads that have no Cognito identity.'
              : 'Every method uses the Lambda authorizer given in authorization.lambda, which validates the caller credential (for example an external identity provider token) instead of a Cognito user pool.',
        },
      ]);
    }
    const stage = this.stage.node.defaultChild as apigateway.CfnStage;
    if (!props.cache) {
      const reason =
        'The stage cache is off on purpose: API Gateway keys cached responses on the path and declared cache-key parameters, not the caller, so caching authorized PHI responses by default could return one caller’s PHI to another; the cache prop turns it on, always encrypted.';
      acknowledgeBuiltIn(stage, [
        { ruleId: 'HIPAA.Security-APIGWCacheEnabledAndEncrypted', reason },
        { ruleId: 'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted', reason },
      ]);
    } else {
      Annotations.of(this).addWarningV2(
        'cdk-hipaa-baseline:api-cache',
        `${this.node.path}: the stage cache keys responses on the path and cache-key parameters, not the caller; add the caller identity (e.g. method.request.header.Authorization) to every cached method's cache keys so one caller's PHI is never returned to another (${Citation.ACCESS_CONTROL})`,
      );
    }
    if (!props.clientCertificate) {
      const reason =
        'No stage client certificate: it only lets HTTP backends verify that a request comes from API Gateway, while Lambda and AWS service integrations are invoked over TLS with SigV4 and ignore it; set clientCertificate for HTTP backends that verify it.';
      acknowledgeBuiltIn(stage, [
        { ruleId: 'HIPAA.Security-APIGWSSLEnabled', reason },
        { ruleId: 'NIST.800.53.R5-APIGWSSLEnabled', reason },
      ]);
    }
  }
}
