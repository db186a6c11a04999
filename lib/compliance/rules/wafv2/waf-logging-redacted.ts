import { Citation } from '../../../../constructs/core/citations';
import { REDACTED_HEADERS } from '../../../../constructs/edge/private/managed-rule-groups';
import { Composite, type Resolved, ResourceRef } from '../../template/resolve';
import { asNumber, fail, type Problem, type TemplateRule } from '../../template/rule';
import { isSpecial, type TemplateResource, type TemplateSet } from '../../template/template-set';
import { SIX_YEARS_IN_DAYS } from '../logs/log-group-retention';

const LOG_GROUP = 'AWS::Logs::LogGroup';

/** The log group a logging destination names: by reference, or by a literal name in the ARN. */
function destinationLogGroup(destination: Resolved, set: TemplateSet): TemplateResource | undefined {
  const parts = destination instanceof Composite ? destination.parts : [destination];
  for (const part of parts) {
    const target = part instanceof ResourceRef ? set.target(part) : undefined;
    if (target?.type === LOG_GROUP) return target;
  }
  const text = typeof destination === 'string' ? destination : undefined;
  const name = text?.match(/:log-group:([^:]+)/)?.[1];
  return name === undefined
    ? undefined
    : set.ofType(LOG_GROUP).find((g) => g.properties.LogGroupName === name);
}

/** What is wrong with the log group a web ACL logs to. */
function logGroupProblems(group: TemplateResource): string[] {
  const problems: string[] = [];
  const retention = group.properties.RetentionInDays;
  const days = asNumber(retention);
  if (retention !== undefined && (days === undefined || days < SIX_YEARS_IN_DAYS))
    problems.push(
      `log group ${group.logicalId} keeps events ${String(retention)} days, less than ${SIX_YEARS_IN_DAYS}`,
    );
  if (group.properties.KmsKeyId === undefined)
    problems.push(`log group ${group.logicalId} is not encrypted with a KMS key (KmsKeyId)`);
  return problems;
}

/**
 * Every web ACL has an `AWS::WAFv2::LoggingConfiguration` that redacts the `authorization` and `cookie`
 * headers and delivers to a CloudWatch Logs log group kept at least 2192 days (or never expiring) and
 * encrypted with a KMS key.
 */
export const WafLoggingRedacted: TemplateRule = {
  id: 'WafLoggingRedacted',
  citations: [Citation.AUDIT_CONTROLS, Citation.RETENTION_TIME_LIMIT, Citation.ACCESS_CONTROL],
  severity: 'error',
  resourceTypes: ['AWS::WAFv2::WebACL'],
  rationale:
    'WAF logs are the record of every request to the edge and the evidence of attacks; kept unredacted they hold bearer tokens and session cookies that would let anyone reading the logs act as the user.',
  fix: 'Use PhiWebAcl (or add a LoggingConfiguration with RedactedFields SingleHeader authorization and cookie, delivering to an AuditLogGroup named aws-waf-logs-…).',
  check: (view, set) => {
    const configs = set.referrers(view.resource, 'AWS::WAFv2::LoggingConfiguration', 'ResourceArn');
    view.note(
      'loggingConfigurations',
      configs.map((c) => `${c.stackName}/${c.logicalId}`),
    );
    if (configs.length === 0)
      return [
        fail('Properties', 'no AWS::WAFv2::LoggingConfiguration names this web ACL: requests are not logged'),
      ];
    const problems: Problem[] = [];
    for (const config of configs) {
      const redacted = ((config.properties.RedactedFields ?? []) as Resolved[])
        .map(
          (f) =>
            ((f as Record<string, Resolved>)?.SingleHeader as Record<string, Resolved> | undefined)?.Name,
        )
        .filter((n): n is string => typeof n === 'string')
        .map((n) => n.toLowerCase());
      view.note(`${config.logicalId}.redactedHeaders`, redacted);
      const missing = REDACTED_HEADERS.filter((h) => !redacted.includes(h));
      if (missing.length > 0)
        problems.push(
          fail(
            'Properties',
            `${config.logicalId} does not redact the ${missing.join(' and ')} header(s) (RedactedFields SingleHeader)`,
          ),
        );
      const destinations = config.properties.LogDestinationConfigs;
      const list = Array.isArray(destinations) ? (destinations as Resolved[]) : [];
      if (list.length === 0) problems.push(fail('Properties', `${config.logicalId} has no log destination`));
      for (const destination of list) {
        const group = destinationLogGroup(destination, set);
        if (group) problems.push(...logGroupProblems(group).map((m) => fail('Properties', m)));
        else if (isSpecial(destination))
          problems.push({
            path: 'Properties',
            message: `${config.logicalId} logs to ${String(destination)}, which cannot be verified as a six-year, KMS-encrypted log group at synth`,
            unverified: true,
          });
        else
          problems.push(
            fail(
              'Properties',
              `${config.logicalId} logs to ${JSON.stringify(destination)}, not a CloudWatch Logs log group of the assembly`,
            ),
          );
      }
    }
    return problems;
  },
};
