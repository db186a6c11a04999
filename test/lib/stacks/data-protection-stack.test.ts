import { Template } from 'aws-cdk-lib/assertions';
import { PhiReplicaBucket } from '../../../constructs/storage/phi-replica-bucket';
import { parseBaselineConfig } from '../../../lib/config';
import { DataProtectionStack } from '../../../lib/stacks/data-protection-stack';
import { newTestApp } from '../../helpers/app';
import { expectNoUnacknowledgedFindings } from '../../helpers/findings';

const ALERTS = {
  critical: ['oncall@example.org'],
  high: ['oncall@example.org'],
  medium: ['team@example.org'],
  securityAlarms: ['oncall@example.org'],
  breakGlass: ['oncall@example.org'],
};

describe('DataProtectionStack with internetEgress configured (the reference app for workloads that call out)', () => {
  const config = parseBaselineConfig({
    environmentName: 'egress',
    alerts: ALERTS,
    env: { account: '111122223333', region: 'us-east-1', availabilityZones: ['us-east-1a', 'us-east-1b'] },
    network: { internetEgress: true, egressAllowedDomains: ['api.clearinghouse.example.org'] },
  });
  const stack = new DataProtectionStack(newTestApp(), 'DataProtection', {
    env: { account: '111122223333', region: 'us-east-1' },
    config,
    documentsReplication: PhiReplicaBucket.replicationTarget({
      replicaName: 'egress-docs',
      region: 'us-west-2',
      account: '111122223333',
    }),
  });
  const template = Template.fromStack(stack);

  test('routes application egress through AWS Network Firewall with the configured allow-list', () => {
    expect(stack.network.egressFirewall?.allowedDomains).toEqual(['api.clearinghouse.example.org']);
    template.resourceCountIs('AWS::NetworkFirewall::Firewall', 1);
    template.resourceCountIs('AWS::EC2::NatGateway', 2);
  });

  test('has no unacknowledged findings', () => {
    expectNoUnacknowledgedFindings(stack);
  });
});
