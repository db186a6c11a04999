// The patch-deadline calls of the collector (DescribeInstancePatches, DescribeAvailablePatches) against
// aws-sdk-client-mock: filters, batching, bounds, matching and gaps.
import {
  DescribeAvailablePatchesCommand,
  DescribeInstanceInformationCommand,
  DescribeInstancePatchesCommand,
  DescribeInstancePatchStatesCommand,
  type InstanceInformation,
  type InstancePatchState,
  type PatchComplianceData,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import {
  AVAILABLE_PATCH_BATCH,
  MAX_INSTANCE_PATCH_PAGES,
  MAX_PATCH_LIST_INSTANCES,
} from '../../../lib/posture/collect-patch-details';
import { collectPatches } from '../../../lib/posture/collect-recovery';
import { ObservationStore } from '../../../lib/posture/observations';
import { TEST_CREDENTIALS } from './support/run-command';

const ssmMock = mockClient(SSMClient);
const NOW = new Date('2026-12-01T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 3_600_000);
const WINDOWS: InstanceInformation = {
  PlatformType: 'Windows',
  PlatformName: 'Microsoft Windows Server 2022',
};
const AL2: InstanceInformation = {
  PlatformType: 'Linux',
  PlatformName: 'Amazon Linux',
  PlatformVersion: '2',
};

function state(id: string, counts: Partial<InstancePatchState> = {}): InstancePatchState {
  return {
    InstanceId: id,
    PatchGroup: 'g',
    BaselineId: 'pb-1',
    Operation: 'Scan',
    OperationStartTime: daysAgo(1),
    OperationEndTime: daysAgo(1),
    ...counts,
  };
}

function missing(kb: string, extra: Partial<PatchComplianceData> = {}): PatchComplianceData {
  return {
    Title: kb,
    KBId: kb,
    Classification: 'SecurityUpdates',
    Severity: 'Critical',
    State: 'MISSING',
    InstalledTime: new Date(0),
    ...extra,
  };
}

/** An account whose instances report `counts`, on `platform`. */
function account(instances: Record<string, Partial<InstancePatchState>>, platform = WINDOWS) {
  ssmMock.on(DescribeInstanceInformationCommand).resolves({
    InstanceInformationList: Object.keys(instances).map((id) => ({ InstanceId: id, ...platform })),
  });
  ssmMock.on(DescribeInstancePatchStatesCommand).callsFake((input: { InstanceIds: string[] }) => ({
    InstancePatchStates: input.InstanceIds.map((id) => state(id, instances[id])),
  }));
}

async function collect() {
  const store = new ObservationStore();
  const client = new SSMClient({ region: 'us-east-1', credentials: TEST_CREDENTIALS });
  await collectPatches(client, '111122223333', 'us-east-1', NOW, store);
  return { store, byId: new Map(store.patches.map((p) => [p.instanceId, p])) };
}

beforeEach(() => ssmMock.reset());

describe('patch lists (DescribeInstancePatches)', () => {
  test('only instances counting a critical, security or failed patch are listed, by State Missing or Failed', async () => {
    account({ 'i-1': { CriticalNonCompliantCount: 1 }, 'i-2': {}, 'i-3': { FailedCount: 1 } });
    ssmMock.on(DescribeInstancePatchesCommand).resolves({ Patches: [] });
    await collect();
    const calls = ssmMock.commandCalls(DescribeInstancePatchesCommand).map((c) => c.args[0].input);
    expect(calls).toEqual([
      { InstanceId: 'i-1', Filters: [{ Key: 'State', Values: ['Missing', 'Failed'] }], MaxResults: 100 },
      { InstanceId: 'i-3', Filters: [{ Key: 'State', Values: ['Missing', 'Failed'] }], MaxResults: 100 },
    ]);
  });

  test(`pages are bounded: after ${MAX_INSTANCE_PATCH_PAGES} pages the list is truncated and not proven`, async () => {
    account({ 'i-1': { SecurityNonCompliantCount: 5 } });
    ssmMock
      .on(DescribeInstancePatchesCommand)
      .resolves({ Patches: [missing('KB1', { Severity: 'Important' })], NextToken: 'more' });
    ssmMock
      .on(DescribeAvailablePatchesCommand)
      .resolves({ Patches: [{ KbNumber: 'KB1', ReleaseDate: daysAgo(3) }] });
    const { byId } = await collect();
    expect(ssmMock.commandCalls(DescribeInstancePatchesCommand)).toHaveLength(MAX_INSTANCE_PATCH_PAGES);
    expect(byId.get('i-1')).toMatchObject({ status: 'non-compliant' });
    expect(byId.get('i-1')?.reason).toMatch(/more missing or failed patches than the collector reads/);
  });

  test('installed and not-deadline-bound patches are not judged', async () => {
    account({ 'i-1': { SecurityNonCompliantCount: 1 } });
    ssmMock.on(DescribeInstancePatchesCommand).resolves({
      Patches: [
        missing('KB1', { Severity: 'Important' }),
        missing('KB2', { Severity: 'Medium', Classification: 'Bugfix' }),
        missing('KB3', { State: 'INSTALLED' }),
      ],
    });
    ssmMock
      .on(DescribeAvailablePatchesCommand)
      .resolves({ Patches: [{ KbNumber: 'KB1', ReleaseDate: daysAgo(3) }] });
    const { byId } = await collect();
    expect(byId.get('i-1')).toMatchObject({ status: 'compliant', deadlinePatches: 1, overduePatches: 0 });
  });
});

describe('release dates (DescribeAvailablePatches)', () => {
  test(`Windows KB ids are looked up once each, ${AVAILABLE_PATCH_BATCH} a request, earliest date kept`, async () => {
    const kbs = Array.from({ length: 45 }, (_, i) => `KB${5_000_000 + i}`);
    account({ 'i-1': { CriticalNonCompliantCount: 45 }, 'i-2': { CriticalNonCompliantCount: 45 } });
    ssmMock.on(DescribeInstancePatchesCommand).resolves({ Patches: kbs.map((kb) => missing(kb)) });
    ssmMock.on(DescribeAvailablePatchesCommand).callsFake((input) => ({
      Patches: (input.Filters[0].Values as string[]).flatMap((kb) => [
        { KbNumber: kb, ReleaseDate: daysAgo(kb === 'KB5000044' ? 20 : 5) },
        // The same KB for another product, released earlier: the earliest date decides.
        ...(kb === 'KB5000001' ? [{ KbNumber: kb.toLowerCase(), ReleaseDate: daysAgo(40) }] : []),
      ]),
    }));
    const { byId } = await collect();
    const requests = ssmMock.commandCalls(DescribeAvailablePatchesCommand).map((c) => c.args[0].input);
    expect(requests.map((r) => r.Filters?.[0].Values?.length)).toEqual([20, 20, 5]);
    expect(requests[0]).toMatchObject({ Filters: [{ Key: 'PATCH_ID' }], MaxResults: 100 });
    expect(new Set(requests.flatMap((r) => r.Filters?.[0].Values))).toEqual(new Set(kbs));
    for (const id of ['i-1', 'i-2']) {
      expect(byId.get(id)).toMatchObject({
        status: 'non-compliant',
        overduePatches: 2,
        oldestOverdue: { kbId: 'KB5000001', ageDays: 40, deadlineDays: 15 },
      });
    }
  });

  test('Amazon Linux 2 packages are matched by product, name, version and release', async () => {
    account({ 'i-1': { SecurityNonCompliantCount: 2 } }, AL2);
    ssmMock.on(DescribeInstancePatchesCommand).resolves({
      Patches: [
        missing('openssl.x86_64', { Title: 'openssl.x86_64:1:1.0.2k-24.amzn2.0.7', Severity: 'Important' }),
        missing('curl.x86_64', { Title: 'curl.x86_64:0:8.3.0-1.amzn2.0.4', Severity: 'Important' }),
      ],
    });
    ssmMock.on(DescribeAvailablePatchesCommand).resolves({
      Patches: [
        {
          Name: 'openssl',
          Arch: 'x86_64',
          Epoch: 1,
          Version: '1.0.2k',
          Release: '24.amzn2.0.7',
          ReleaseDate: daysAgo(31),
        },
        // Another release of curl: not the missing one, so curl's date stays unknown.
        {
          Name: 'curl',
          Arch: 'x86_64',
          Epoch: 0,
          Version: '8.3.0',
          Release: '1.amzn2.0.5',
          ReleaseDate: daysAgo(1),
        },
      ],
    });
    const { byId } = await collect();
    expect(ssmMock.commandCalls(DescribeAvailablePatchesCommand)[0].args[0].input.Filters).toEqual([
      { Key: 'PRODUCT', Values: ['AmazonLinux2', 'AmazonLinux2.0'] },
      { Key: 'NAME', Values: ['openssl', 'curl'] },
      { Key: 'VERSION', Values: ['1.0.2k', '8.3.0'] },
      { Key: 'RELEASE', Values: ['24.amzn2.0.7', '1.amzn2.0.4'] },
    ]);
    expect(byId.get('i-1')).toMatchObject({
      status: 'non-compliant',
      overduePatches: 1,
      releaseDateUnknown: 1,
      oldestOverdue: { kbId: 'openssl.x86_64', ageDays: 31, deadlineDays: 30 },
    });
    expect(byId.get('i-1')?.reason).toMatch(
      /curl\.x86_64 \(Important\): the patch catalog .* lists no release date/,
    );
  });

  test('a platform the catalog does not cover is not looked up: release date unknown', async () => {
    account({ 'i-1': { CriticalNonCompliantCount: 1 } }, { PlatformType: 'Linux', PlatformName: 'Ubuntu' });
    ssmMock.on(DescribeInstancePatchesCommand).resolves({ Patches: [missing('libssl3')] });
    const { byId } = await collect();
    expect(ssmMock.commandCalls(DescribeAvailablePatchesCommand)).toHaveLength(0);
    expect(byId.get('i-1')?.reason).toMatch(
      /covers Windows Server and Amazon Linux 1 and 2 only, not Ubuntu/,
    );
  });
});

describe('faults and bounds', () => {
  const fault = (name: string, status: number) =>
    Object.assign(new Error(`${name} for the test`), {
      name,
      $fault: status >= 500 ? 'server' : 'client',
      $metadata: { httpStatusCode: status },
    });

  test('a failed lookup is one gap per code, and no verdict for the instances it concerns', async () => {
    account({ 'i-1': { CriticalNonCompliantCount: 30 }, 'i-2': {} });
    ssmMock
      .on(DescribeInstancePatchesCommand)
      .resolves({ Patches: Array.from({ length: 30 }, (_, i) => missing(`KB${i}`)) });
    ssmMock.on(DescribeAvailablePatchesCommand).rejects(fault('InternalServerError', 500));
    const { store, byId } = await collect();
    expect(ssmMock.commandCalls(DescribeAvailablePatchesCommand)).toHaveLength(2);
    expect(store.gaps).toEqual([
      expect.objectContaining({ operation: 'DescribeAvailablePatches', code: 'service-error' }),
    ]);
    expect([...byId.keys()]).toEqual(['i-2']);
  });

  test('a denied listing names ssm:DescribeInstancePatches', async () => {
    account({ 'i-1': { CriticalNonCompliantCount: 1 }, 'i-2': { CriticalNonCompliantCount: 1 } });
    ssmMock.on(DescribeInstancePatchesCommand).rejects(fault('AccessDeniedException', 400));
    const { store, byId } = await collect();
    expect(store.gaps).toEqual([
      expect.objectContaining({
        operation: 'DescribeInstancePatches',
        code: 'access-denied',
        permission: 'ssm:DescribeInstancePatches',
      }),
    ]);
    expect(byId.size).toBe(0);
  });

  test(`at most ${MAX_PATCH_LIST_INSTANCES} instances are listed; the rest are not proven`, async () => {
    const ids = Array.from({ length: MAX_PATCH_LIST_INSTANCES + 1 }, (_, i) => `i-${i}`);
    account(Object.fromEntries(ids.map((id) => [id, { CriticalNonCompliantCount: 1 }])));
    ssmMock.on(DescribeInstancePatchesCommand).resolves({ Patches: [missing('KB1')] });
    ssmMock
      .on(DescribeAvailablePatchesCommand)
      .resolves({ Patches: [{ KbNumber: 'KB1', ReleaseDate: daysAgo(2) }] });
    const { byId } = await collect();
    expect(ssmMock.commandCalls(DescribeInstancePatchesCommand)).toHaveLength(MAX_PATCH_LIST_INSTANCES);
    expect(ssmMock.commandCalls(DescribeAvailablePatchesCommand)).toHaveLength(1);
    expect(byId.get('i-0')?.status).toBe('compliant');
    expect(byId.get(`i-${MAX_PATCH_LIST_INSTANCES}`)).toMatchObject({ status: 'non-compliant' });
    expect(byId.get(`i-${MAX_PATCH_LIST_INSTANCES}`)?.reason).toMatch(
      /release dates were not read \(more than 500 instances in 111122223333\/us-east-1 miss a critical or security patch/,
    );
  }, 30_000);
});
