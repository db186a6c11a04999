import { Duration, SecretValue, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { reasonProblem } from '../../core/acknowledge';
import { Citation } from '../../core/citations';
import { parseIpv4Cidr } from '../../core/ipv4-cidr';
import { defaultComputeSubnets } from '../../core/private-subnets';
import type { PropsCheck } from '../../core/validation';
import { AccessLogsBucket } from '../../storage/access-logs-bucket';
import type {
  PhiLoadBalancerAuthentication,
  PhiLoadBalancerProps,
  PhiTargetsOptions,
} from '../phi-load-balancer';
import { EdgeCitation } from './citations';

/** Most CIDR blocks the security group takes: two rules each, within the 60 inbound rules AWS allows. */
export const MAX_LOAD_BALANCER_INGRESS_CIDRS = 30;
/** Shortest and longest authenticated session the listener allows. */
export const LOAD_BALANCER_SESSION_TIMEOUT_RANGE = {
  min: Duration.minutes(5),
  max: Duration.hours(12),
} as const;
/** Priority of the catch-all listener rule `addTargets` creates when no conditions are given. */
export const CATCH_ALL_PRIORITY = 50000;
/** Every IPv4 address: the default ingress of an internet-facing load balancer. */
export const ANY_IPV4 = '0.0.0.0/0';

const ACM_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/.+$/;
const DOMAIN_NAME = /^(\*\.)?(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const HTTPS_URL = /^https:\/\/[^\s/]+(\/\S*)?$/;

/** What validation worked out for the constructor. */
export interface LoadBalancerSettings {
  readonly vpcSubnets: ec2.SubnetSelection;
  /** The ingress CIDRs, literal: the allowed ones, 0.0.0.0/0 when internet-facing, else the VPC's. */
  readonly ingressCidrs: readonly string[];
}

/** Records every problem with a {@link PhiLoadBalancerProps} and returns the subnets and ingress CIDRs. */
export function validateLoadBalancerProps(
  check: PropsCheck,
  props: PhiLoadBalancerProps,
): LoadBalancerSettings {
  const internetFacing = props.internetFacing ?? false;
  checkCertificate(check, props);
  checkIngressCidrs(check, props.allowedIngressCidrs);
  const logsBucket = props.accessLogsBucket;
  check.require(
    logsBucket === undefined ||
      logsBucket instanceof AccessLogsBucket ||
      logsBucket.encryptionKey === undefined,
    {
      prop: 'accessLogsBucket',
      received: 'a bucket encrypted with a KMS key',
      allowed:
        'an SSE-S3 bucket such as an AccessLogsBucket: Elastic Load Balancing log delivery cannot write to SSE-KMS buckets',
      citation: Citation.AUDIT_CONTROLS,
    },
  );
  if (props.authentication !== undefined) checkAuthentication(check, props.authentication);
  const vpcSubnets = props.vpcSubnets ?? defaultSubnets(props.vpc, internetFacing);
  checkSubnets(check, props, vpcSubnets, internetFacing);
  let ingressCidrs = props.allowedIngressCidrs ?? (internetFacing ? [ANY_IPV4] : undefined);
  if (ingressCidrs === undefined) {
    const vpcCidr = literalVpcCidr(props.vpc);
    check.require(vpcCidr !== undefined, {
      prop: 'allowedIngressCidrs',
      received: ingressCidrs,
      allowed:
        'the CIDR blocks allowed in, required when the VPC’s own CIDR is not known at synth (a VPC imported with a token CIDR): an unverifiable rule is not compliant',
      citation: Citation.TRANSMISSION_SECURITY,
    });
    ingressCidrs = vpcCidr === undefined ? [] : [vpcCidr];
  }
  return { vpcSubnets, ingressCidrs };
}

/** The VPC's primary CIDR when known at synth: a VPC of this app, or one imported with a literal CIDR. */
function literalVpcCidr(vpc: ec2.IVpc): string | undefined {
  const cfn = vpc.node.defaultChild;
  if (cfn instanceof ec2.CfnVPC && typeof cfn.cidrBlock === 'string' && !Token.isUnresolved(cfn.cidrBlock))
    return cfn.cidrBlock;
  try {
    return Token.isUnresolved(vpc.vpcCidrBlock) ? undefined : vpc.vpcCidrBlock;
  } catch {
    return undefined; // imported without a CIDR
  }
}

function defaultSubnets(vpc: ec2.IVpc, internetFacing: boolean): ec2.SubnetSelection {
  if (internetFacing) return { subnetType: ec2.SubnetType.PUBLIC };
  return defaultComputeSubnets(vpc, {
    subnetType:
      vpc.privateSubnets.length > 0 ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PRIVATE_ISOLATED,
  });
}

function checkSubnets(
  check: PropsCheck,
  props: PhiLoadBalancerProps,
  selection: ec2.SubnetSelection,
  internetFacing: boolean,
): void {
  const allowed = internetFacing
    ? 'a selection of at least two public subnets in different availability zones (an internet-facing load balancer needs a route to an internet gateway; for a PhiVpc set internetIngress)'
    : 'a selection of at least two private or isolated subnets in different availability zones (an internal load balancer stays off public subnets)';
  let subnets: ec2.ISubnet[];
  try {
    subnets = props.vpc.selectSubnets(selection).subnets;
  } catch (error) {
    check.require(false, {
      prop: 'vpcSubnets',
      received: (error as Error).message,
      allowed,
      citation: Citation.TRANSMISSION_SECURITY,
    });
    return;
  }
  const publicIds = new Set(props.vpc.publicSubnets.map((s) => s.subnetId));
  const zones = new Set(subnets.map((s) => s.availabilityZone));
  const placed = subnets.every((s) => publicIds.has(s.subnetId) === internetFacing);
  check.require(placed && subnets.length >= 2 && zones.size >= 2, {
    prop: 'vpcSubnets',
    received: props.vpcSubnets ?? `the default selection (${subnets.length} subnet(s))`,
    allowed,
    citation: Citation.TRANSMISSION_SECURITY,
  });
}

function checkCertificate(check: PropsCheck, props: PhiLoadBalancerProps): void {
  const given = [props.certificate, props.domain].filter((v) => v !== undefined).length;
  check.require(given === 1, {
    prop: 'certificate',
    received: given === 0 ? 'neither certificate nor domain' : 'both certificate and domain',
    allowed:
      'exactly one of certificate (an ACM certificate) or domain ({ domainName, hostedZone }: a DNS-validated certificate is created)',
    citation: Citation.ENCRYPTION_IN_TRANSIT,
  });
  const arn = props.certificate?.certificateArn;
  if (arn !== undefined && !Token.isUnresolved(arn)) {
    check.require(ACM_ARN.test(arn), {
      prop: 'certificate.certificateArn',
      received: arn,
      allowed:
        'the ARN of an AWS Certificate Manager certificate (arn:aws:acm:<region>:<account>:certificate/<id>)',
      citation: Citation.ENCRYPTION_IN_TRANSIT,
    });
  }
  const domain = props.domain;
  if (domain === undefined) return;
  const name = domain.domainName;
  if (
    !check.require(typeof name === 'string' && !Token.isUnresolved(name) && DOMAIN_NAME.test(name), {
      prop: 'domain.domainName',
      received: name,
      allowed: 'a literal lowercase DNS name such as "portal.example.org" (or "*.example.org")',
      citation: Citation.ENCRYPTION_IN_TRANSIT,
    })
  )
    return;
  const zone = domain.hostedZone?.zoneName?.replace(/\.$/, '');
  if (zone !== undefined && !Token.isUnresolved(zone)) {
    check.require(name === zone || name.endsWith(`.${zone}`), {
      prop: 'domain.domainName',
      received: name,
      allowed: `a name in the hosted zone ${zone} (DNS validation writes its record there)`,
      citation: Citation.ENCRYPTION_IN_TRANSIT,
    });
  }
}

function checkIngressCidrs(check: PropsCheck, cidrs: readonly string[] | undefined): void {
  if (cidrs === undefined) return;
  const allowed = `a list of 1 to ${MAX_LOAD_BALANCER_INGRESS_CIDRS} literal IPv4 CIDR blocks in canonical form, e.g. "203.0.113.0/24"`;
  if (
    !check.require(
      Array.isArray(cidrs) && cidrs.length >= 1 && cidrs.length <= MAX_LOAD_BALANCER_INGRESS_CIDRS,
      {
        prop: 'allowedIngressCidrs',
        received: cidrs,
        allowed,
        citation: Citation.TRANSMISSION_SECURITY,
      },
    )
  )
    return;
  cidrs.forEach((cidr, i) => {
    const parsed = typeof cidr === 'string' && !Token.isUnresolved(cidr) ? parseIpv4Cidr(cidr) : undefined;
    check.require(parsed !== undefined && !parsed.hasHostBits, {
      prop: `allowedIngressCidrs[${i}]`,
      received: cidr,
      allowed: parsed?.hasHostBits ? `the canonical block ${parsed.canonical}` : allowed,
      citation: Citation.TRANSMISSION_SECURITY,
    });
  });
}

function checkAuthentication(check: PropsCheck, auth: PhiLoadBalancerAuthentication): void {
  const given = [auth.cognito, auth.oidc].filter((v) => v !== undefined).length;
  check.require(given === 1, {
    prop: 'authentication',
    received: given === 0 ? 'neither cognito nor oidc' : 'both cognito and oidc',
    allowed: 'exactly one of cognito ({ userPool, userPoolClient, userPoolDomain }) or oidc',
    citation: Citation.AUTHENTICATION,
  });
  check.durationInRange(
    'authentication.sessionTimeout',
    auth.sessionTimeout,
    LOAD_BALANCER_SESSION_TIMEOUT_RANGE.min,
    LOAD_BALANCER_SESSION_TIMEOUT_RANGE.max,
    EdgeCitation.AUTOMATIC_LOGOFF,
  );
  const oidc = auth.oidc;
  if (oidc === undefined) return;
  for (const endpoint of ['issuer', 'authorizationEndpoint', 'tokenEndpoint', 'userInfoEndpoint'] as const) {
    const url = oidc[endpoint];
    // A token is left to Elastic Load Balancing, which itself refuses IdP endpoints that are not HTTPS.
    if (Token.isUnresolved(url)) continue;
    check.require(typeof url === 'string' && HTTPS_URL.test(url), {
      prop: `authentication.oidc.${endpoint}`,
      received: url,
      allowed: 'an https:// URL of the identity provider',
      citation: Citation.AUTHENTICATION,
    });
  }
  check.require(typeof oidc.clientId === 'string' && oidc.clientId.length > 0, {
    prop: 'authentication.oidc.clientId',
    received: oidc.clientId,
    allowed: 'the client id registered with the identity provider',
    citation: Citation.AUTHENTICATION,
  });
  check.require(isReferencedSecret(oidc.clientSecret), {
    prop: 'authentication.oidc.clientSecret',
    received: 'a secret written into the template',
    allowed:
      'a reference resolved at deployment: SecretValue.secretsManager(...), SecretValue.ssmSecure(...) or a secret’s secretValue, never SecretValue.unsafePlainText',
    citation: Citation.ACCESS_CONTROL,
  });
}

/** True when the secret is resolved by CloudFormation at deployment, not written into the template. */
function isReferencedSecret(secret: SecretValue | undefined): boolean {
  if (!SecretValue.isSecretValue(secret)) return false;
  const raw = secret.unsafeUnwrap();
  return Token.isUnresolved(raw) || raw.startsWith('{{resolve:');
}

/** Records every problem with the options of one `addTargets` call. */
export function validateTargetsOptions(
  check: PropsCheck,
  options: PhiTargetsOptions,
  catchAllTaken: boolean,
): void {
  check.require(Array.isArray(options.targets) && options.targets.length > 0, {
    prop: 'targets',
    received: Array.isArray(options.targets) ? `${options.targets.length} target(s)` : options.targets,
    allowed: 'at least one target (an ECS service, instance, IP or Lambda target)',
    citation: Citation.TRANSMISSION_SECURITY,
  });
  check.integerInRange('port', options.port, 1, 65535, Citation.TRANSMISSION_SECURITY);
  check.require(options.port !== undefined, {
    prop: 'port',
    received: options.port,
    allowed: 'the port the targets listen on',
    citation: Citation.TRANSMISSION_SECURITY,
  });
  check.matches(
    'healthCheckPath',
    options.healthCheckPath,
    /^\/[\x21-\x7e]{0,1023}$/,
    'a path starting with "/", up to 1024 characters',
    Citation.TRANSMISSION_SECURITY,
  );
  if (options.plaintextToTargets !== undefined) {
    check.require(reasonProblem(options.plaintextToTargets.reason) === undefined, {
      prop: 'plaintextToTargets.reason',
      received: options.plaintextToTargets.reason,
      allowed:
        'a specific reason of at least 20 characters, not boilerplate, for unencrypted traffic to targets',
      citation: Citation.ENCRYPTION_IN_TRANSIT,
    });
  }
  const routed = options.conditions !== undefined && options.conditions.length > 0;
  if (routed) {
    check.integerInRange('priority', options.priority, 1, CATCH_ALL_PRIORITY - 1, Citation.ACCESS_CONTROL);
    check.require(options.priority !== undefined, {
      prop: 'priority',
      received: options.priority,
      allowed: `a listener rule priority from 1 to ${CATCH_ALL_PRIORITY - 1} when conditions are given`,
      citation: Citation.ACCESS_CONTROL,
    });
  } else {
    check.require(options.priority === undefined, {
      prop: 'priority',
      received: options.priority,
      allowed: 'absent when no conditions are given (the targets take every request no other rule takes)',
      citation: Citation.ACCESS_CONTROL,
    });
    check.require(!catchAllTaken, {
      prop: 'conditions',
      received: options.conditions,
      allowed:
        'conditions (with a priority): an earlier addTargets call without conditions already takes every other request',
      citation: Citation.ACCESS_CONTROL,
    });
  }
}
