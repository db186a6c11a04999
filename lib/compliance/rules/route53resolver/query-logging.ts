import { Citation } from '../../../../constructs/core/citations';
import { SIX_YEARS_IN_DAYS } from '../../../../constructs/core/retention';
import { Composite, type Resolved, ResourceRef } from '../../template/resolve';
import { asNumber, fail, type Problem, type TemplateRule } from '../../template/rule';
import { isSpecial, type TemplateResource, type TemplateSet } from '../../template/template-set';

const ASSOCIATION_TYPE = 'AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation';
const CONFIG_TYPE = 'AWS::Route53Resolver::ResolverQueryLoggingConfig';
const LOG_GROUP_TYPE = 'AWS::Logs::LogGroup';

/**
 * The log group a query-log destination names: a reference to it, an ARN built from its name
 * (`arn:…:log-group:${LogGroup}`), or a literal ARN naming a log group of the assembly.
 */
export function logGroupOfDestination(
  destination: Resolved | undefined,
  set: TemplateSet,
): TemplateResource | undefined {
  const isLogGroup = (r: TemplateResource | undefined) => (r?.type === LOG_GROUP_TYPE ? r : undefined);
  if (destination instanceof ResourceRef) return isLogGroup(set.target(destination));
  if (destination instanceof Composite) {
    for (const part of destination.parts) {
      const found = part instanceof ResourceRef ? isLogGroup(set.target(part)) : undefined;
      if (found) return found;
    }
    return undefined;
  }
  const name =
    typeof destination === 'string' ? /:log-group:([^:]+)(:\*)?$/.exec(destination)?.[1] : undefined;
  return name === undefined
    ? undefined
    : set.ofType(LOG_GROUP_TYPE).find((g) => g.properties.LogGroupName === name);
}

/** What is wrong with one association's chain to a log group, or [] when it is sound. */
function chainProblems(association: TemplateResource, set: TemplateSet): Problem[] {
  const where = `${association.logicalId}`;
  const config = set.target(association.properties.ResolverQueryLogConfigId);
  if (config?.type !== CONFIG_TYPE) {
    const id = association.properties.ResolverQueryLogConfigId;
    return id !== undefined && isSpecial(id) && !(id instanceof ResourceRef)
      ? [
          {
            path: 'Properties',
            message: `${where} names a query logging configuration that cannot be resolved`,
            unverified: true,
          },
        ]
      : [fail('Properties', `${where} names no query logging configuration of the assembly`)];
  }
  const destination = config.properties.DestinationArn;
  const group = logGroupOfDestination(destination, set);
  if (!group) {
    return destination !== undefined && isSpecial(destination) && !(destination instanceof Composite)
      ? [
          {
            path: 'Properties',
            message: `${config.logicalId}.DestinationArn cannot be resolved at synth`,
            unverified: true,
          },
        ]
      : [
          fail(
            'Properties',
            `${config.logicalId} does not send query logs to a CloudWatch Logs log group of the assembly`,
          ),
        ];
  }
  const problems: Problem[] = [];
  if (group.properties.KmsKeyId === undefined)
    problems.push(fail('Properties', `query-log group ${group.logicalId} has no KmsKeyId`));
  const retention = group.properties.RetentionInDays;
  const days = asNumber(retention);
  if (retention !== undefined && (days === undefined || days < SIX_YEARS_IN_DAYS))
    problems.push(
      fail(
        'Properties',
        `query-log group ${group.logicalId} keeps records ${String(retention)} days, less than ${SIX_YEARS_IN_DAYS}`,
      ),
    );
  return problems;
}

/**
 * Every VPC has Route 53 Resolver query logging: a `ResolverQueryLoggingConfigAssociation` with the
 * VPC as `ResourceId`, whose configuration sends the logs to a CloudWatch Logs log group of the assembly
 * that is encrypted with a KMS key and keeps records at least 2192 days (or never expires).
 */
export const VpcResolverQueryLogging: TemplateRule = {
  id: 'VpcResolverQueryLogging',
  citations: [Citation.AUDIT_CONTROLS, Citation.ACTIVITY_REVIEW],
  severity: 'error',
  resourceTypes: ['AWS::EC2::VPC'],
  rationale:
    'DNS queries show which names a host in the VPC tried to reach, malware and exfiltration domains included; without query logs kept six years, activity on systems holding ePHI cannot be reviewed or investigated.',
  fix: 'Use PhiVpc (or associate a ResolverQueryLoggingConfig with the VPC whose DestinationArn is a KMS-encrypted log group with RetentionInDays ≥ 2192).',
  check: (view, set) => {
    const associations = set.referrers(view.resource, ASSOCIATION_TYPE, 'ResourceId');
    view.note(
      'queryLoggingAssociations',
      associations.map((a) => `${a.stackName}/${a.logicalId}`),
    );
    if (associations.length === 0)
      return [
        fail('Properties', `no ${ASSOCIATION_TYPE} refers to this VPC: its DNS queries are not logged`),
      ];
    const outcomes = associations.map((a) => chainProblems(a, set));
    if (outcomes.some((p) => p.length === 0)) return [];
    // A chain that cannot be verified may pass at deployment: report it rather than a failing one.
    return outcomes.find((p) => p.some((x) => x.unverified)) ?? outcomes[0] ?? [];
  },
};
