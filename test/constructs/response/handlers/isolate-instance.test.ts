import type { Ec2Port, InstanceFacts } from '../../../../constructs/response/handlers/ec2-port';
import { ENV } from '../../../../constructs/response/handlers/environment';
import { handler, isolateInstance } from '../../../../constructs/response/handlers/isolate-instance';
import { findingEvent, NOW, recordingSink } from './fixtures';

const INSTANCE: InstanceFacts = {
  instanceId: 'i-0abc1234def567890',
  vpcId: 'vpc-1',
  securityGroupIds: ['sg-app', 'sg-admin'],
  volumeIds: ['vol-root', 'vol-data'],
  networkInterfaceCount: 1,
};
const EVENT = findingEvent('Backdoor:EC2/C&CActivity.B!DNS', {
  resourceType: 'Instance',
  instanceDetails: { instanceId: INSTANCE.instanceId },
});

/** An EC2 port that records every call and answers DescribeInstances with `instance`. */
function fakeEc2(instance: InstanceFacts | null = INSTANCE, failOn?: string) {
  const calls: [string, ...unknown[]][] = [];
  const call = async (name: string, ...args: unknown[]) => {
    calls.push([name, ...args]);
    if (name === failOn) throw Object.assign(new Error('not authorized'), { name: 'UnauthorizedOperation' });
  };
  const port: Ec2Port = {
    describeInstance: async (id) => {
      await call('describeInstance', id);
      return instance ?? undefined;
    },
    replaceSecurityGroups: (id, groups) => call('replaceSecurityGroups', id, groups),
    createSnapshot: async (volumeId, _description, tags) => {
      await call('createSnapshot', volumeId, tags);
      return `snap-of-${volumeId}`;
    },
    tagInstance: (id, tags) => call('tagInstance', id, tags),
  };
  return { port, calls, mutating: () => calls.filter(([name]) => name !== 'describeInstance') };
}

const deps = (ec2: Ec2Port, dryRun: boolean) => ({
  ec2,
  audit: recordingSink(),
  dryRun,
  quarantineGroupId: 'sg-quarantine',
  quarantineVpcId: 'vpc-1',
  now: () => NOW,
});

describe('isolateInstance', () => {
  test('dry run: only describes the instance and records what it would do', async () => {
    const ec2 = fakeEc2();
    const d = deps(ec2.port, true);
    const record = await isolateInstance(EVENT, d);
    expect(ec2.mutating()).toEqual([]);
    expect(record).toMatchObject({
      action: 'isolate-instance',
      target: INSTANCE.instanceId,
      dryRun: true,
      result: 'would-contain',
      findingId: 'f-123',
      time: NOW.toISOString(),
    });
    expect(record.steps).toEqual([
      'replace security groups [sg-app,sg-admin] with [sg-quarantine]',
      'snapshot volume vol-root',
      'snapshot volume vol-data',
      'tag instance with the finding and previous groups [sg-app,sg-admin]',
    ]);
    expect(d.audit.records).toEqual([record]);
  });

  test('real run: swaps the groups, snapshots every volume and tags the instance, in that order', async () => {
    const ec2 = fakeEc2();
    const record = await isolateInstance(EVENT, deps(ec2.port, false));
    const tags = { QuarantineFinding: 'f-123', QuarantinedBy: 'isolate-instance' };
    expect(ec2.mutating()).toEqual([
      ['replaceSecurityGroups', INSTANCE.instanceId, ['sg-quarantine']],
      ['createSnapshot', 'vol-root', { ...tags, ForensicSourceInstance: INSTANCE.instanceId }],
      ['createSnapshot', 'vol-data', { ...tags, ForensicSourceInstance: INSTANCE.instanceId }],
      ['tagInstance', INSTANCE.instanceId, { ...tags, QuarantinePreviousGroups: 'sg-app,sg-admin' }],
    ]);
    expect(record.result).toBe('contained');
    expect(record.steps).toContain('snapshot volume vol-data as snap-of-vol-data');
  });

  test.each([
    [
      'a sample finding',
      findingEvent('Backdoor:EC2/X', { instanceDetails: { instanceId: 'i-1' } }, { sample: true }),
      INSTANCE,
      /sample finding/,
    ],
    ['a finding without an instance', findingEvent('Backdoor:EC2/X', {}), INSTANCE, /names no EC2 instance/],
    ['an instance that is gone', EVENT, null, /was not found/],
    [
      'an instance in another VPC',
      EVENT,
      { ...INSTANCE, vpcId: 'vpc-2' },
      /in vpc-2, the quarantine group is in vpc-1/,
    ],
    [
      'an instance with two interfaces',
      EVENT,
      { ...INSTANCE, networkInterfaceCount: 2 },
      /2 network interfaces/,
    ],
  ])('skips %s and changes nothing', async (_name, event, instance, reason) => {
    const ec2 = fakeEc2(instance);
    const record = await isolateInstance(event, deps(ec2.port, false));
    expect(record.result).toBe('skipped');
    expect(record.reason).toMatch(reason);
    expect(ec2.mutating()).toEqual([]);
  });

  test('reports a failed AWS call in the record, with the steps done before it', async () => {
    const ec2 = fakeEc2(INSTANCE, 'createSnapshot');
    const record = await isolateInstance(EVENT, deps(ec2.port, false));
    expect(record).toMatchObject({ result: 'failed', reason: 'UnauthorizedOperation: not authorized' });
    expect(record.steps).toEqual(['replace security groups [sg-app,sg-admin] with [sg-quarantine]']);
  });
});

describe('isolate-instance Lambda entry point', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  test('refuses to run without an explicit dry-run flag', async () => {
    process.env = { ...saved, [ENV.QUARANTINE_GROUP_ID]: 'sg-q', [ENV.QUARANTINE_VPC_ID]: 'vpc-1' };
    delete process.env[ENV.DRY_RUN];
    await expect(handler(EVENT)).rejects.toThrow(
      /CONTAINMENT_DRY_RUN must be 'true' or 'false', got undefined/,
    );
  });

  test('refuses to run without the quarantine group', async () => {
    process.env = { ...saved, [ENV.DRY_RUN]: 'true' };
    await expect(handler(EVENT)).rejects.toThrow(
      /QUARANTINE_SECURITY_GROUP_ID and QUARANTINE_VPC_ID must be set/,
    );
  });
});
