import { deactivateAccessKey } from '../../../../constructs/response/handlers/deactivate-access-key';
import type { AccessKeyFacts, IamPort } from '../../../../constructs/response/handlers/iam-port';
import { findingEvent, NOW, recordingSink } from './fixtures';

const KEY = { accessKeyId: 'AKIAEXAMPLE', userName: 'alice', userType: 'IAMUser' };
const EVENT = findingEvent('UnauthorizedAccess:IAMUser/MaliciousIPCaller', { accessKeyDetails: KEY });

function fakeIam(
  keys: AccessKeyFacts[] = [{ accessKeyId: KEY.accessKeyId, status: 'Active' }],
  fail = false,
) {
  const calls: [string, ...unknown[]][] = [];
  const port: IamPort = {
    listAccessKeys: async (user) => {
      calls.push(['listAccessKeys', user]);
      return keys;
    },
    deactivateAccessKey: async (user, key) => {
      calls.push(['deactivateAccessKey', user, key]);
      if (fail) throw Object.assign(new Error('User is not authorized'), { name: 'AccessDenied' });
    },
  };
  return { port, calls, mutating: () => calls.filter(([name]) => name === 'deactivateAccessKey') };
}

const deps = (iam: IamPort, dryRun: boolean) => ({ iam, audit: recordingSink(), dryRun, now: () => NOW });

describe('deactivateAccessKey', () => {
  test('dry run: lists the keys, changes nothing and records what it would do', async () => {
    const iam = fakeIam();
    const d = deps(iam.port, true);
    const record = await deactivateAccessKey(EVENT, d);
    expect(iam.mutating()).toEqual([]);
    expect(record).toMatchObject({
      action: 'deactivate-access-key',
      target: 'user/alice/AKIAEXAMPLE',
      dryRun: true,
      result: 'would-contain',
      steps: ['set access key AKIAEXAMPLE of user alice to Inactive'],
    });
    expect(d.audit.records).toEqual([record]);
  });

  test('real run: makes exactly one UpdateAccessKey call for the named key', async () => {
    const iam = fakeIam();
    const record = await deactivateAccessKey(EVENT, deps(iam.port, false));
    expect(iam.calls).toEqual([
      ['listAccessKeys', 'alice'],
      ['deactivateAccessKey', 'alice', 'AKIAEXAMPLE'],
    ]);
    expect(record.result).toBe('contained');
  });

  test.each([
    [
      'a sample finding',
      findingEvent('UnauthorizedAccess:IAMUser/X', { accessKeyDetails: KEY }, { sample: true }),
      [],
      /sample finding/,
    ],
    ['a finding without a key', findingEvent('UnauthorizedAccess:IAMUser/X', {}), [], /names no access key/],
    [
      'a role session key',
      findingEvent('UnauthorizedAccess:IAMUser/X', { accessKeyDetails: { ...KEY, userType: 'AssumedRole' } }),
      [],
      /AssumedRole principal.*RevokeRoleSessions runbook/,
    ],
    [
      'a key the user does not have',
      EVENT,
      [{ accessKeyId: 'AKIAOTHER', status: 'Active' }],
      /no such access key/,
    ],
    [
      'a key already inactive',
      EVENT,
      [{ accessKeyId: KEY.accessKeyId, status: 'Inactive' }],
      /already inactive/,
    ],
  ])('skips %s and changes nothing', async (_name, event, keys, reason) => {
    const iam = fakeIam(keys as AccessKeyFacts[]);
    const record = await deactivateAccessKey(event, deps(iam.port, false));
    expect(record.result).toBe('skipped');
    expect(record.reason).toMatch(reason);
    expect(iam.mutating()).toEqual([]);
  });

  test('reports a failed call in the record', async () => {
    const record = await deactivateAccessKey(EVENT, deps(fakeIam(undefined, true).port, false));
    expect(record).toMatchObject({ result: 'failed', reason: 'AccessDenied: User is not authorized' });
  });
});
