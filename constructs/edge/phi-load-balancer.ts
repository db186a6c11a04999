import { type Duration, Names, type SecretValue } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { Citation } from '../core/citations';
import { acknowledgeBuiltIn } from '../core/private/acknowledge-built-in';
import { recordRelaxation } from '../core/report-metadata';
import { PropsCheck } from '../core/validation';
import { AccessLogsBucket } from '../storage/access-logs-bucket';
import { PhiWebAcl } from './phi-web-acl';
import { enableAccessLogs } from './private/access-logs';
import { authenticated } from './private/authentication';
import {
  ANY_IPV4,
  CATCH_ALL_PRIORITY,
  validateLoadBalancerProps,
  validateTargetsOptions,
} from './private/load-balancer-validation';

export { DEFAULT_LOAD_BALANCER_SESSION_TIMEOUT } from './private/authentication';
export {
  LOAD_BALANCER_SESSION_TIMEOUT_RANGE,
  MAX_LOAD_BALANCER_INGRESS_CIDRS,
} from './private/load-balancer-validation';

/** The TLS policy of the HTTPS listener: TLS 1.2 and 1.3 only, forward-secret AEAD ciphers. */
export const PHI_LOAD_BALANCER_SSL_POLICY = elbv2.SslPolicy.RECOMMENDED_TLS;

/** A domain for the load balancer: a DNS-validated certificate and an alias record are created in the zone. */
export interface PhiLoadBalancerDomain {
  /** The name clients use, e.g. `portal.example.org`, in `hostedZone`. A wildcard gets no alias record. */
  readonly domainName: string;
  /** The public hosted zone that holds the name and the certificate's validation record. */
  readonly hostedZone: route53.IHostedZone;
}

/** Sign-in with an Amazon Cognito user pool (e.g. an `AppUserPool`). */
export interface CognitoAuthentication {
  readonly userPool: cognito.IUserPool;
  /**
   * A client with a secret, the authorization code grant and the callback URL
   * `https://<domain>/oauth2/idpresponse`.
   */
  readonly userPoolClient: cognito.IUserPoolClient;
  readonly userPoolDomain: cognito.IUserPoolDomain;
}

/** Sign-in with an OpenID Connect identity provider. */
export interface OidcAuthentication {
  /** The provider's issuer, an https:// URL. */
  readonly issuer: string;
  /** The authorization endpoint, an https:// URL. */
  readonly authorizationEndpoint: string;
  /** The token endpoint, an https:// URL. */
  readonly tokenEndpoint: string;
  /** The user-info endpoint, an https:// URL. */
  readonly userInfoEndpoint: string;
  /** The client id registered with the provider. */
  readonly clientId: string;
  /** The client secret, resolved at deployment (`SecretValue.secretsManager`); plain text is refused. */
  readonly clientSecret: SecretValue;
  /**
   * The claims requested.
   *
   * @default "openid"
   */
  readonly scope?: string;
}

/** Who may reach the targets: the listener authenticates every request before forwarding it. */
export interface PhiLoadBalancerAuthentication {
  /** A Cognito user pool (give this or `oidc`). */
  readonly cognito?: CognitoAuthentication;
  /** An OIDC identity provider (give this or `cognito`). */
  readonly oidc?: OidcAuthentication;
  /**
   * Longest an authenticated session lasts before the user signs in again, from 5 minutes to 12 hours.
   *
   * @default DEFAULT_LOAD_BALANCER_SESSION_TIMEOUT - 1 hour, not Elastic Load Balancing's 7 days (164.312(a)(2)(iii))
   */
  readonly sessionTimeout?: Duration;
}

/** Deliberately unencrypted traffic from the load balancer to targets (recorded as a relaxation). */
export interface PlaintextToTargets {
  /** Why the targets cannot terminate TLS: at least 20 characters, not boilerplate. */
  readonly reason: string;
}

/** Options of {@link PhiLoadBalancer.addTargets}. */
export interface PhiTargetsOptions {
  /** The targets, e.g. a `PhiFargateService`'s `service`. */
  readonly targets: elbv2.IApplicationLoadBalancerTarget[];
  /** The port the targets listen on. */
  readonly port: number;
  /**
   * The health check path.
   *
   * @default "/"
   */
  readonly healthCheckPath?: string;
  /**
   * Send HTTP, not HTTPS, to the targets. Recorded as a relaxation of 164.312(e)(2)(ii).
   *
   * @default - HTTPS to the targets: traffic stays encrypted inside the VPC (164.312(e)(2)(ii))
   */
  readonly plaintextToTargets?: PlaintextToTargets;
  /**
   * Requests these targets take (path patterns, host headers…); give `priority` with them.
   *
   * @default - every request no other rule takes (one such call per load balancer)
   */
  readonly conditions?: elbv2.ListenerCondition[];
  /**
   * Priority of the listener rule when `conditions` are given, 1 to 49999 (lower is matched first).
   *
   * @default - none: required with `conditions`
   */
  readonly priority?: number;
}

/** Properties of a {@link PhiLoadBalancer}. */
export interface PhiLoadBalancerProps {
  /** The VPC, e.g. a `PhiVpc`'s `vpc` (with `internetIngress` for an internet-facing load balancer). */
  readonly vpc: ec2.IVpc;
  /**
   * Accept connections from the internet.
   *
   * @default false - internal: reachable only through the VPC's routes (164.312(e)(1))
   */
  readonly internetFacing?: boolean;
  /**
   * Where the load balancer's nodes live: at least two subnets in different availability zones, public
   * ones for an internet-facing load balancer, private or isolated ones for an internal one.
   *
   * @default - the public subnets when internet-facing, else the `application` subnets of a PhiVpc (or
   *   the VPC's private subnets) (164.312(e)(1))
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * The certificate of the HTTPS listener (an ACM certificate). Give this or `domain`.
   *
   * @default - none: give certificate or domain, or synth fails (164.312(e)(2)(ii))
   */
  readonly certificate?: acm.ICertificate;
  /**
   * A domain: a DNS-validated ACM certificate and an alias record are created. Give this or `certificate`.
   *
   * @default - none: give certificate or domain, or synth fails (164.312(e)(2)(ii))
   */
  readonly domain?: PhiLoadBalancerDomain;
  /**
   * The web ACL in front of the load balancer (share one across load balancers with the same clients).
   *
   * @default - a new PhiWebAcl is created and associated: WAF is always on (164.308(a)(1)(ii)(B))
   */
  readonly webAcl?: PhiWebAcl;
  /**
   * IPv4 blocks allowed to connect on 443 (and 80, which only redirects). Nothing else is allowed in.
   *
   * @default - 0.0.0.0/0 when internet-facing, the VPC's CIDR when internal (164.312(e)(1))
   */
  readonly allowedIngressCidrs?: readonly string[];
  /**
   * Sign users in at the listener, before any request reaches a target.
   *
   * @default - no sign-in at the load balancer: the targets authenticate users (164.312(d))
   */
  readonly authentication?: PhiLoadBalancerAuthentication;
  /**
   * Where access logs go: an SSE-S3 bucket (Elastic Load Balancing log delivery does not support SSE-KMS),
   * e.g. an existing AccessLogsBucket. Its policy must let the Region's log delivery write, which is added
   * for a bucket of this app.
   *
   * @default - a new AccessLogsBucket, kept for the six-year retention profile (164.312(b))
   */
  readonly accessLogsBucket?: AccessLogsBucket | s3.IBucket;
}

/**
 * An Application Load Balancer for PHI workloads, always behind AWS WAF.
 *
 * Fixed in code: an HTTPS listener on 443 with `ELBSecurityPolicy-TLS13-1-2-2021-06` (TLS 1.2 and 1.3
 * only); a listener on 80 that only redirects to HTTPS (permanently); invalid header fields dropped and
 * HTTP desync mitigation at `strictest`; access logs to S3; deletion protection; a security group that
 * lets in only 443 and 80 from the allowed CIDRs; HTTPS to targets unless `plaintextToTargets`; a web
 * ACL association. Requests no target rule takes get a 404.
 *
 * Serves 164.312(e)(1) and 164.312(e)(2)(ii) (transmission security), 164.312(b) (audit controls),
 * 164.308(a)(1)(ii)(B) (risk management) and, with `authentication`, 164.312(d).
 *
 * @example
 * const alb = new PhiLoadBalancer(this, 'Portal', {
 *   vpc: network.vpc, internetFacing: true,
 *   domain: { domainName: 'portal.example.org', hostedZone: zone },
 * });
 * alb.addTargets('App', { targets: [app.service], port: 8443, healthCheckPath: '/health' });
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
 */
export class PhiLoadBalancer extends Construct {
  /** The load balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The HTTPS listener on 443. */
  public readonly httpsListener: elbv2.ApplicationListener;
  /** The HTTP listener on 80, which only redirects to HTTPS. */
  public readonly httpListener: elbv2.ApplicationListener;
  /** The web ACL associated with the load balancer. */
  public readonly webAcl: PhiWebAcl;
  /** The load balancer's security group. */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The load balancer's connections (allow it to reach targets outside its target groups). */
  public readonly connections: ec2.Connections;
  /** The certificate of the HTTPS listener. */
  public readonly certificate: acm.ICertificate;
  /** The bucket that receives access logs. */
  public readonly accessLogsBucket: s3.IBucket;

  private readonly vpc: ec2.IVpc;
  private readonly authentication?: PhiLoadBalancerAuthentication;
  private catchAllTaken = false;

  constructor(scope: Construct, id: string, props: PhiLoadBalancerProps) {
    const check = new PropsCheck(scope, id);
    const settings = validateLoadBalancerProps(check, props);
    check.throwIfInvalid();
    super(scope, id);

    this.vpc = props.vpc;
    this.authentication = props.authentication;
    const internetFacing = props.internetFacing ?? false;
    this.certificate =
      props.certificate ??
      new acm.Certificate(this, 'Certificate', {
        domainName: props.domain?.domainName as string,
        validation: acm.CertificateValidation.fromDns(props.domain?.hostedZone),
      });
    this.securityGroup = this.createSecurityGroup(settings.ingressCidrs, internetFacing);
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      vpcSubnets: settings.vpcSubnets,
      internetFacing,
      securityGroup: this.securityGroup,
      deletionProtection: true,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: elbv2.DesyncMitigationMode.STRICTEST,
      ipAddressType: elbv2.IpAddressType.IPV4,
    });
    this.connections = this.loadBalancer.connections;
    this.accessLogsBucket =
      props.accessLogsBucket instanceof AccessLogsBucket
        ? props.accessLogsBucket.bucket
        : (props.accessLogsBucket ?? new AccessLogsBucket(this, 'AccessLogs').bucket);
    enableAccessLogs(
      this.loadBalancer,
      this.accessLogsBucket,
      `elb/${Names.uniqueResourceName(this, { maxLength: 100, separator: '-' })}`,
    );

    this.httpsListener = this.loadBalancer.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      sslPolicy: PHI_LOAD_BALANCER_SSL_POLICY,
      certificates: [elbv2.ListenerCertificate.fromArn(this.certificate.certificateArn)],
      open: false,
      defaultAction: authenticated(
        this.authentication,
        elbv2.ListenerAction.fixedResponse(404, { contentType: 'text/plain', messageBody: 'Not found' }),
      ),
    });
    this.httpListener = this.loadBalancer.addListener('Http', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
    });
    const redirectOnly =
      'The HTTP listener on 80 carries no certificate because HTTP listeners cannot take one; its only action is a permanent redirect to the HTTPS listener on 443, so no request is served over HTTP.';
    acknowledgeBuiltIn(this.httpListener, [
      { ruleId: 'HIPAA.Security-ELBv2ACMCertificateRequired', reason: redirectOnly },
      { ruleId: 'NIST.800.53.R5-ELBv2ACMCertificateRequired', reason: redirectOnly },
    ]);

    this.webAcl = props.webAcl ?? new PhiWebAcl(this, 'WebAcl');
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.loadBalancer.loadBalancerArn,
      webAclArn: this.webAcl.webAclArn,
    });
    if (props.domain && !props.domain.domainName.startsWith('*.')) {
      new route53.ARecord(this, 'AliasRecord', {
        zone: props.domain.hostedZone,
        recordName: props.domain.domainName,
        target: route53.RecordTarget.fromAlias(new route53Targets.LoadBalancerTarget(this.loadBalancer)),
      });
    }
  }

  /**
   * Sends requests to `targets` over HTTPS (unless `plaintextToTargets`), behind the listener's
   * authentication when configured. Without `conditions` the targets take every request no other rule
   * takes; with them, the requests they match, at `priority`.
   *
   * @param id construct id of the target group (a child of this construct)
   */
  public addTargets(id: string, options: PhiTargetsOptions): elbv2.ApplicationTargetGroup {
    const check = new PropsCheck(this, id);
    validateTargetsOptions(check, options, this.catchAllTaken);
    check.throwIfInvalid();

    const plaintext = options.plaintextToTargets !== undefined;
    const targetGroup = new elbv2.ApplicationTargetGroup(this, id, {
      vpc: this.vpc,
      port: options.port,
      protocol: plaintext ? elbv2.ApplicationProtocol.HTTP : elbv2.ApplicationProtocol.HTTPS,
      targets: options.targets,
      healthCheck: {
        path: options.healthCheckPath ?? '/',
        protocol: plaintext ? elbv2.Protocol.HTTP : elbv2.Protocol.HTTPS,
      },
    });
    if (options.plaintextToTargets) {
      recordRelaxation(targetGroup, {
        citation: Citation.ENCRYPTION_IN_TRANSIT,
        setting: 'plaintextToTargets',
        reason: options.plaintextToTargets.reason,
      });
    }
    const routed = options.conditions !== undefined && options.conditions.length > 0;
    if (!routed) this.catchAllTaken = true;
    this.httpsListener.addAction(`${id}Rule`, {
      priority: routed ? options.priority : CATCH_ALL_PRIORITY,
      conditions: routed ? options.conditions : [elbv2.ListenerCondition.pathPatterns(['/*'])],
      action: authenticated(this.authentication, elbv2.ListenerAction.forward([targetGroup])),
    });
    return targetGroup;
  }

  /** A security group that lets in 443 and 80 from the given CIDRs only, and nothing out but to targets. */
  private createSecurityGroup(cidrs: readonly string[], internetFacing: boolean): ec2.SecurityGroup {
    const group = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: this.vpc,
      description: `${internetFacing ? 'Internet-facing' : 'Internal'} PHI load balancer: HTTPS, and HTTP that only redirects`,
      allowAllOutbound: false,
    });
    for (const peer of cidrs.map((c) => ec2.Peer.ipv4(c))) {
      group.addIngressRule(peer, ec2.Port.tcp(443), 'HTTPS');
      group.addIngressRule(peer, ec2.Port.tcp(80), 'HTTP, redirected to HTTPS');
    }
    if (internetFacing && cidrs.includes(ANY_IPV4)) {
      acknowledgeBuiltIn(group, [
        {
          ruleId: 'AwsSolutions-EC23',
          reason:
            'An internet-facing load balancer serves the public on 443, and on 80 only to redirect to HTTPS; every request passes AWS WAF (managed rule groups, IP reputation, rate limit) before any target.',
        },
      ]);
    }
    return group;
  }
}
