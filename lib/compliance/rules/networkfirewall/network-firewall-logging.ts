import { Citation } from '../../../../constructs/core/citations';
import type { Resolved } from '../../template/resolve';
import { asNumber, fail, type Problem, type TemplateRule, unverified } from '../../template/rule';
import { isSpecial } from '../../template/template-set';
import { SIX_YEARS_IN_DAYS } from '../logs/log-group-retention';
import { listOf } from './private/firewall-topology';

/** The Network Firewall log types an egress firewall must record. */
const REQUIRED_LOG_TYPES = ['ALERT', 'FLOW'] as const;

const field = (value: Resolved | undefined, key: string): Resolved | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !isSpecial(value)
    ? (value as Record<string, Resolved>)[key]
    : undefined;

/**
 * Every Network Firewall sends its ALERT and FLOW logs (an `AWS::NetworkFirewall::LoggingConfiguration`
 * whose `FirewallArn` refers to it) to CloudWatch Logs log groups of the assembly that are encrypted
 * with a KMS key (`KmsKeyId`) and keep events at least 2192 days (or never expire). S3 and Firehose
 * destinations are unverified: their encryption and retention are not visible from the configuration.
 */
export const NetworkFirewallLogging: TemplateRule = {
  id: 'NetworkFirewallLogging',
  citations: [Citation.AUDIT_CONTROLS, Citation.RETENTION_TIME_LIMIT],
  severity: 'error',
  resourceTypes: ['AWS::NetworkFirewall::Firewall'],
  rationale:
    'The firewall’s alert and flow logs are the record of which workload tried to reach which host and what was dropped; without them, kept encrypted for six years, an exfiltration attempt cannot be examined or shown to have failed.',
  fix: 'Use EgressFirewall (or add an AWS::NetworkFirewall::LoggingConfiguration with ALERT and FLOW to CloudWatch Logs log groups such as AuditLogGroup: KmsKeyId set, RetentionInDays ≥ 2192 or unset).',
  strongerWhen: { shortestRetentionDays: 'higher' },
  check: (view, set) => {
    const configs = set.referrers(view.resource, 'AWS::NetworkFirewall::LoggingConfiguration', 'FirewallArn');
    const destinations = configs.flatMap((c) =>
      listOf(field(c.properties.LoggingConfiguration, 'LogDestinationConfigs')),
    );
    view.note(
      'logDestinations',
      destinations.map((d) => ({
        LogType: field(d, 'LogType') ?? null,
        LogDestinationType: field(d, 'LogDestinationType') ?? null,
      })),
    );
    const problems: Problem[] = [];
    const retentions: number[] = [];
    for (const logType of REQUIRED_LOG_TYPES) {
      const destination = destinations.find((d) => field(d, 'LogType') === logType);
      const where = `${logType} log`;
      if (!destination) {
        problems.push(
          fail('Properties', `no LoggingConfiguration of this firewall sends its ${where} anywhere`),
        );
        continue;
      }
      const kind = field(destination, 'LogDestinationType');
      const target = field(field(destination, 'LogDestination'), 'logGroup');
      const group = kind === 'CloudWatchLogs' ? set.target(target) : undefined;
      if (group?.type !== 'AWS::Logs::LogGroup') {
        problems.push(
          unverified(
            `LoggingConfiguration(${logType}).LogDestination`,
            kind === 'CloudWatchLogs' ? target : kind,
            'a CloudWatch Logs log group of the assembly, whose encryption and retention can be read',
          ),
        );
        continue;
      }
      const retention = group.properties.RetentionInDays;
      const days = retention === undefined ? Number.POSITIVE_INFINITY : asNumber(retention);
      if (days !== undefined && Number.isFinite(days)) retentions.push(days);
      if (group.properties.KmsKeyId === undefined)
        problems.push(fail('Properties', `the ${where} group ${group.logicalId} has no KmsKeyId`));
      if (days === undefined || days < SIX_YEARS_IN_DAYS)
        problems.push(
          fail(
            'Properties',
            `the ${where} group ${group.logicalId} keeps events ${String(retention)} days, less than ${SIX_YEARS_IN_DAYS}`,
          ),
        );
    }
    view.note('shortestRetentionDays', retentions.length > 0 ? Math.min(...retentions) : null);
    return problems;
  },
};
