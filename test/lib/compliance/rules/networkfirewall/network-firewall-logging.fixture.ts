import { NetworkFirewallLogging } from '../../../../../lib/compliance/rules/networkfirewall/network-firewall-logging';
import { mutate, type RuleFixture, setProperty } from '../../../../helpers/template-fixtures';
import { egressTemplates, removeResource } from './egress-templates';

// ALERT to a group kept 2192 days, FLOW to one that never expires, both with a KMS key.
const compliant = egressTemplates();
const flowTo = (destination: unknown, type = 'CloudWatchLogs') => [
  {
    LogType: 'ALERT',
    LogDestinationType: 'CloudWatchLogs',
    LogDestination: { logGroup: { Ref: 'AlertLogs' } },
  },
  { LogType: 'FLOW', LogDestinationType: type, LogDestination: destination },
];

export const fixture: RuleFixture = {
  rule: NetworkFirewallLogging,
  compliant,
  bad: [
    {
      name: 'no FLOW log',
      templates: mutate(compliant, (r) =>
        setProperty(r.Logging, 'LoggingConfiguration.LogDestinationConfigs', flowTo(undefined).slice(0, 1)),
      ),
      path: 'Properties',
    },
    {
      name: 'no logging configuration at all',
      templates: mutate(compliant, (_, t) => removeResource(t, 'Logging')),
      path: 'Properties',
    },
    {
      name: 'the alert log group keeps events one year',
      templates: mutate(compliant, (r) => setProperty(r.AlertLogs, 'RetentionInDays', 365)),
      path: 'Properties',
    },
    {
      name: 'the flow log group has no KMS key',
      templates: mutate(compliant, (r) => setProperty(r.FlowLogs, 'KmsKeyId', undefined)),
      path: 'Properties',
    },
    {
      name: 'flow logs go to an S3 bucket whose retention cannot be read here',
      templates: mutate(compliant, (r) =>
        setProperty(
          r.Logging,
          'LoggingConfiguration.LogDestinationConfigs',
          flowTo({ bucketName: 'firewall-logs' }, 'S3'),
        ),
      ),
      expect: 'unverified',
    },
  ],
};
