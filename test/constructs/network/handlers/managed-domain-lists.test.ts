import {
  type CustomResourceEvent,
  type DomainListPage,
  findManagedDomainLists,
  handleRequest,
  MANAGED_LIST_OWNER,
  PHYSICAL_RESOURCE_ID,
} from '../../../../constructs/network/handlers/managed-domain-lists';

const managed = (Name: string, Id: string) => ({ Name, Id, ManagedOwnerName: MANAGED_LIST_OWNER });

/** A lister serving `pages` in order, recording the tokens it was called with. */
function lister(pages: DomainListPage[]) {
  const tokens: (string | undefined)[] = [];
  const list = async (token: string | undefined) => {
    tokens.push(token);
    return pages[tokens.length - 1] ?? {};
  };
  return { list, tokens };
}

const event = (RequestType: CustomResourceEvent['RequestType'], names: string[]): CustomResourceEvent => ({
  RequestType,
  ResponseURL: 'https://example.com/response',
  StackId: 'arn:aws:cloudformation:us-east-1:111122223333:stack/Network/1',
  RequestId: 'request-1',
  LogicalResourceId: 'ManagedDomainLists',
  ResourceProperties: { DomainListNames: names },
});

describe('findManagedDomainLists', () => {
  test('pages through every list and returns the IDs of the managed lists asked for', async () => {
    const { list, tokens } = lister([
      {
        FirewallDomainLists: [managed('AWSManagedDomainsMalwareDomainList', 'rslvr-fdl-1')],
        NextToken: 'page-2',
      },
      {
        FirewallDomainLists: [
          managed('AWSManagedDomainsBotnetCommandandControl', 'rslvr-fdl-2'),
          managed('AWSManagedDomainsAggregateThreatList', 'rslvr-fdl-3'),
        ],
      },
    ]);
    await expect(
      findManagedDomainLists(
        ['AWSManagedDomainsMalwareDomainList', 'AWSManagedDomainsBotnetCommandandControl'],
        list,
      ),
    ).resolves.toEqual({
      AWSManagedDomainsMalwareDomainList: 'rslvr-fdl-1',
      AWSManagedDomainsBotnetCommandandControl: 'rslvr-fdl-2',
    });
    expect(tokens).toEqual([undefined, 'page-2']);
  });

  test('ignores a customer list that borrows a managed list name', async () => {
    const { list } = lister([
      {
        FirewallDomainLists: [
          { Name: 'AWSManagedDomainsMalwareDomainList', Id: 'rslvr-fdl-mine' },
          managed('AWSManagedDomainsMalwareDomainList', 'rslvr-fdl-aws'),
        ],
      },
    ]);
    await expect(findManagedDomainLists(['AWSManagedDomainsMalwareDomainList'], list)).resolves.toEqual({
      AWSManagedDomainsMalwareDomainList: 'rslvr-fdl-aws',
    });
  });

  test('fails, naming them, when the Region lacks a list', async () => {
    const { list } = lister([{ FirewallDomainLists: [managed('AWSManagedDomainsMalwareDomainList', 'x')] }]);
    await expect(
      findManagedDomainLists(
        ['AWSManagedDomainsMalwareDomainList', 'AWSManagedDomainsAmazonGuardDutyThreatList'],
        list,
      ),
    ).rejects.toThrow('not found in this Region: AWSManagedDomainsAmazonGuardDutyThreatList');
  });
});

describe('handleRequest', () => {
  test('answers Create with the IDs as attributes', async () => {
    const { list } = lister([
      { FirewallDomainLists: [managed('AWSManagedDomainsMalwareDomainList', 'rslvr-fdl-1')] },
    ]);
    await expect(
      handleRequest(event('Create', ['AWSManagedDomainsMalwareDomainList']), list),
    ).resolves.toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: PHYSICAL_RESOURCE_ID,
      StackId: 'arn:aws:cloudformation:us-east-1:111122223333:stack/Network/1',
      RequestId: 'request-1',
      LogicalResourceId: 'ManagedDomainLists',
      Data: { AWSManagedDomainsMalwareDomainList: 'rslvr-fdl-1' },
    });
  });

  test('fails the deployment with the reason when a list is missing or the API fails', async () => {
    const { list } = lister([{}]);
    await expect(
      handleRequest(event('Update', ['AWSManagedDomainsMalwareDomainList']), list),
    ).resolves.toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringContaining('AWSManagedDomainsMalwareDomainList'),
    });
    const failing = async () => {
      throw new Error('AccessDeniedException');
    };
    await expect(handleRequest(event('Create', ['x']), failing)).resolves.toMatchObject({
      Status: 'FAILED',
      Reason: 'AccessDeniedException',
    });
  });

  test('answers Delete without calling the API: the lookup owns nothing', async () => {
    const { list, tokens } = lister([]);
    await expect(handleRequest(event('Delete', ['x']), list)).resolves.toMatchObject({
      Status: 'SUCCESS',
      Data: {},
    });
    expect(tokens).toEqual([]);
  });
});
