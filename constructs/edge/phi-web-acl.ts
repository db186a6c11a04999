import { ArnFormat, Names, Stack } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { Citation } from '../core/citations';
import { acknowledgeBuiltIn } from '../core/private/acknowledge-built-in';
import { recordRelaxation } from '../core/report-metadata';
import { RetentionProfile } from '../core/retention';
import { PropsCheck } from '../core/validation';
import { PhiKey } from '../encryption/phi-key';
import { AuditLogGroup } from '../storage/audit-log-group';
import {
  MANAGED_RULE_GROUPS,
  MANAGED_RULE_VENDOR,
  RATE_LIMIT_RULE,
  REDACTED_HEADERS,
  WAF_LOG_NAME_PREFIX,
} from './private/managed-rule-groups';
import { allowWafLogDelivery } from './private/waf-log-delivery';
import { validateWebAclProps } from './private/web-acl-validation';

export { MAX_WEB_ACL_RATE_LIMIT, MIN_WEB_ACL_RATE_LIMIT } from './private/web-acl-validation';

/** Requests per client IP per five minutes the rate limit allows unless raised or lowered. */
export const DEFAULT_WEB_ACL_RATE_LIMIT = 1000;

/** A managed rule that only counts matching requests, and why. Recorded as a relaxation. */
export interface CountOnlyRule {
  /** The rule's name in its managed group, e.g. `SizeRestrictions_BODY` (AWSManagedRulesCommonRuleSet). */
  readonly ruleName: string;
  /** Why the rule may count instead of block: at least 20 characters, not boilerplate. */
  readonly reason: string;
}

/** Properties of a {@link PhiWebAcl}. */
export interface PhiWebAclProps {
  /**
   * Requests one client IP may send in any five-minute window before it is blocked, from 100 to
   * 2,000,000. Behind CloudFront or another proxy every request comes from the proxy's addresses: keep
   * the limit above their combined rate.
   *
   * @default 1000 - a client above 1000 requests in five minutes is blocked (164.308(a)(1)(ii)(B))
   */
  readonly rateLimitPerFiveMinutes?: number;
  /**
   * Rules of the managed groups that only count matching requests (e.g. `SizeRestrictions_BODY` for an
   * upload endpoint): each is recorded as a relaxation of 164.308(a)(1)(ii)(B) with its reason, and
   * acknowledges TemplateEvidence-WafManagedRulesEnforced with the reasons. Whole groups cannot be
   * turned off.
   *
   * @default - every rule of every managed group blocks (164.308(a)(1)(ii)(B), 164.312(c)(1))
   */
  readonly countOnlyRules?: readonly CountOnlyRule[];
  /**
   * How long WAF request logs are kept.
   *
   * @default RetentionProfile.SIX_YEARS - 2192 days (164.316(b)(2)(i))
   */
  readonly logRetention?: RetentionProfile;
}

/**
 * A REGIONAL AWS WAF web ACL for the application's public edge (Application Load Balancers, API Gateway
 * REST API stages). Default action allow; blocked first by the Amazon IP reputation and anonymous-IP
 * lists, then by a per-client-IP rate limit, then by the Core, Known Bad Inputs and SQL injection managed
 * groups. Every rule publishes CloudWatch metrics and sampled requests.
 *
 * Fixed in code: the five managed groups and the rate-based rule, all blocking; logging of every request
 * to a KMS-encrypted CloudWatch Logs group named `aws-waf-logs-…` (AWS WAF requires the prefix), kept for
 * the retention profile and retained on stack deletion, with the `authorization` and `cookie` headers
 * redacted so credentials and session tokens never reach the logs; a resource policy that lets log
 * delivery write to it.
 *
 * Serves 164.308(a)(1)(ii)(B) (risk management), 164.312(c)(1) (integrity), 164.312(b) (audit controls)
 * and 164.316(b)(2)(i) (time limit).
 *
 * @example
 * const waf = new PhiWebAcl(this, 'EdgeWaf', { rateLimitPerFiveMinutes: 2000 });
 * waf.associate('ApiStage', api.deploymentStage.stageArn);
 * @see https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-baseline.html
 */
export class PhiWebAcl extends Construct {
  /** The web ACL. */
  public readonly webAcl: wafv2.CfnWebACL;
  /** The web ACL's ARN, for associations. */
  public readonly webAclArn: string;
  /** The log group that receives every request's WAF log record. */
  public readonly logGroup: logs.ILogGroup;
  /** The logging configuration of the web ACL. */
  public readonly loggingConfiguration: wafv2.CfnLoggingConfiguration;
  /** Requests per client IP per five minutes before the rate limit blocks. */
  public readonly rateLimitPerFiveMinutes: number;

  constructor(scope: Construct, id: string, props: PhiWebAclProps = {}) {
    const check = new PropsCheck(scope, id);
    validateWebAclProps(check, props);
    check.throwIfInvalid();
    super(scope, id);

    this.rateLimitPerFiveMinutes = props.rateLimitPerFiveMinutes ?? DEFAULT_WEB_ACL_RATE_LIMIT;
    const countOnly = props.countOnlyRules ?? [];
    const metricPrefix = Names.uniqueResourceName(this, { maxLength: 80, separator: '-' });
    const visibility = (metric: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: `${metricPrefix}-${metric}`,
    });
    const managedRules: wafv2.CfnWebACL.RuleProperty[] = MANAGED_RULE_GROUPS.map((group) => {
      const counted = countOnly.filter((c) => group.rules.includes(c.ruleName));
      return {
        name: group.ruleName,
        priority: group.priority,
        overrideAction: { none: {} },
        statement: {
          managedRuleGroupStatement: {
            vendorName: MANAGED_RULE_VENDOR,
            name: group.name,
            ruleActionOverrides:
              counted.length > 0
                ? counted.map((c) => ({ name: c.ruleName, actionToUse: { count: {} } }))
                : undefined,
          },
        },
        visibilityConfig: visibility(group.ruleName),
      };
    });
    const rateRule: wafv2.CfnWebACL.RuleProperty = {
      name: RATE_LIMIT_RULE.name,
      priority: RATE_LIMIT_RULE.priority,
      action: { block: {} },
      statement: {
        rateBasedStatement: {
          limit: this.rateLimitPerFiveMinutes,
          aggregateKeyType: 'IP',
          evaluationWindowSec: 300,
        },
      },
      visibilityConfig: visibility(RATE_LIMIT_RULE.name),
    };
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      description: 'PHI edge: AWS managed rule groups and a per-client-IP rate limit',
      rules: [...managedRules, rateRule].sort((a, b) => a.priority - b.priority),
      visibilityConfig: visibility('WebAcl'),
    });
    this.webAclArn = this.webAcl.attrArn;

    const { logGroup, logging } = this.createLogging(props.logRetention);
    this.logGroup = logGroup;
    this.loggingConfiguration = logging;
    this.recordCountOnlyRules(countOnly);
  }

  /**
   * Associates the web ACL with a regional resource: an Application Load Balancer, or an API Gateway
   * REST API stage (`stage.stageArn`).
   *
   * @param id construct id of the association (a child of this construct)
   * @param resourceArn ARN of the load balancer or stage
   */
  public associate(id: string, resourceArn: string): wafv2.CfnWebACLAssociation {
    return new wafv2.CfnWebACLAssociation(this, id, { resourceArn, webAclArn: this.webAclArn });
  }

  /** The log group, its delivery permission and the logging configuration with the redactions. */
  private createLogging(retention: RetentionProfile | undefined): {
    logGroup: logs.ILogGroup;
    logging: wafv2.CfnLoggingConfiguration;
  } {
    const logGroupName = `${WAF_LOG_NAME_PREFIX}${Names.uniqueResourceName(this, { maxLength: 200, separator: '-' })}`;
    const domain = `waf-logs-${Names.uniqueResourceName(this, { maxLength: 36, separator: '-' })}`
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/-+/g, '-')
      .replace(/-$/, '');
    const key = new PhiKey(this, 'LogsKey', { dataDomain: domain });
    const audit = new AuditLogGroup(this, 'Logs', {
      logGroupName,
      encryptionKey: key.key,
      retention: retention ?? RetentionProfile.SIX_YEARS,
    });
    const delivery = allowWafLogDelivery(this, logGroupName);
    const logging = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // WAF wants the log group ARN without the ':*' suffix of the log group's Arn attribute.
      logDestinationConfigs: [
        Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: audit.logGroup.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      redactedFields: REDACTED_HEADERS.map((name) => ({ singleHeader: { Name: name } })),
    });
    logging.node.addDependency(delivery);
    return { logGroup: audit.logGroup, logging };
  }

  /** Records each count-only rule as a relaxation and acknowledges the template rule that flags it. */
  private recordCountOnlyRules(countOnly: readonly CountOnlyRule[]): void {
    if (countOnly.length === 0) return;
    for (const rule of countOnly) {
      recordRelaxation(this, {
        citation: Citation.RISK_MANAGEMENT,
        setting: `countOnlyRules: ${rule.ruleName}`,
        reason: rule.reason,
      });
    }
    acknowledgeBuiltIn(this.webAcl, [
      {
        ruleId: 'TemplateEvidence-WafManagedRulesEnforced',
        reason: `Managed rules set to count through countOnlyRules: ${countOnly
          .map((r) => `${r.ruleName} (${r.reason})`)
          .join('; ')}`,
      },
    ]);
  }
}
