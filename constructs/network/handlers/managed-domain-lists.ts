import * as https from 'node:https';

/**
 * CloudFormation custom resource that finds the IDs of AWS managed DNS Firewall domain lists by name.
 *
 * Managed domain lists (AWSManagedDomainsMalwareDomainList, …) have a different ID in every Region and
 * CloudFormation has no way to name them, while a firewall rule needs the ID. `ListFirewallDomainLists`
 * has no name filter, and an `AwsCustomResource` can only return fixed response paths
 * (`FirewallDomainLists.0.Id`), not "the Id whose Name is X"; so this handler pages through the lists,
 * keeps those owned by Route 53 Resolver DNS Firewall, and returns one attribute per requested name.
 * It fails the deployment when a requested list does not exist in the Region (fail closed).
 *
 * @see https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-dns-firewall-managed-domain-lists.html
 */

/** `ManagedOwnerName` of the domain lists AWS manages. */
export const MANAGED_LIST_OWNER = 'Route 53 Resolver DNS Firewall';

/** The custom resource properties the construct sets. */
export interface ManagedDomainListsProperties {
  /** Names of the managed domain lists to find. */
  readonly DomainListNames?: readonly string[];
}

/** The part of a CloudFormation custom resource request the handler reads. */
export interface CustomResourceEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: ManagedDomainListsProperties;
}

/** One domain list as `ListFirewallDomainLists` returns it. */
export interface DomainListMetadata {
  readonly Id?: string;
  readonly Name?: string;
  readonly ManagedOwnerName?: string;
}

/** One page of `ListFirewallDomainLists`. */
export interface DomainListPage {
  readonly FirewallDomainLists?: readonly DomainListMetadata[];
  readonly NextToken?: string;
}

/** Fetches one page of domain lists, starting at `nextToken`. */
export type ListDomainLists = (nextToken: string | undefined) => Promise<DomainListPage>;

/** The physical id of the lookup: it reads, never creates, so one id serves every update. */
export const PHYSICAL_RESOURCE_ID = 'aws-managed-firewall-domain-lists';

/**
 * The ID of each requested managed domain list, by name.
 *
 * @throws Error naming every requested list that the Region does not offer
 */
export async function findManagedDomainLists(
  names: readonly string[],
  list: ListDomainLists,
): Promise<Record<string, string>> {
  const wanted = new Set(names);
  const found: Record<string, string> = {};
  let token: string | undefined;
  do {
    const page = await list(token);
    for (const domainList of page.FirewallDomainLists ?? []) {
      const { Id, Name, ManagedOwnerName } = domainList;
      if (Id && Name && ManagedOwnerName === MANAGED_LIST_OWNER && wanted.has(Name)) found[Name] = Id;
    }
    token = page.NextToken;
  } while (token);
  const missing = names.filter((name) => found[name] === undefined);
  if (missing.length > 0) {
    throw new Error(
      `AWS managed DNS Firewall domain list(s) not found in this Region: ${missing.join(', ')}`,
    );
  }
  return found;
}

/** The response CloudFormation expects for `event`. */
export function responseFor(
  event: CustomResourceEvent,
  outcome: { readonly data: Record<string, string> } | { readonly error: string },
): Record<string, unknown> {
  const common = {
    PhysicalResourceId: event.PhysicalResourceId ?? PHYSICAL_RESOURCE_ID,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  };
  return 'error' in outcome
    ? { ...common, Status: 'FAILED', Reason: outcome.error.slice(0, 1000) }
    : { ...common, Status: 'SUCCESS', Data: outcome.data };
}

/** Handles one request with `list`, and returns the response to send. */
export async function handleRequest(
  event: CustomResourceEvent,
  list: ListDomainLists,
): Promise<Record<string, unknown>> {
  if (event.RequestType === 'Delete') return responseFor(event, { data: {} });
  try {
    const names = event.ResourceProperties.DomainListNames ?? [];
    return responseFor(event, { data: await findManagedDomainLists(names, list) });
  } catch (error) {
    return responseFor(event, { error: error instanceof Error ? error.message : String(error) });
  }
}

/** Minimal shape of the Route 53 Resolver client of the AWS SDK v3, which the Lambda runtime provides. */
interface Route53ResolverSdk {
  Route53ResolverClient: new (config: object) => { send(command: unknown): Promise<DomainListPage> };
  ListFirewallDomainListsCommand: new (input: { MaxResults: number; NextToken?: string }) => unknown;
}

/** Lambda entry point. */
export async function handler(event: CustomResourceEvent): Promise<void> {
  // The Node.js Lambda runtime ships the full AWS SDK v3; the package is not a dependency of the toolkit.
  const sdk = require('@aws-sdk/client-route53resolver') as Route53ResolverSdk;
  const client = new sdk.Route53ResolverClient({});
  const list: ListDomainLists = (NextToken) =>
    client.send(new sdk.ListFirewallDomainListsCommand({ MaxResults: 100, NextToken }));
  const response = await handleRequest(event, list);
  process.stdout.write(`${JSON.stringify({ requestType: event.RequestType, status: response.Status })}\n`);
  await sendResponse(event.ResponseURL, JSON.stringify(response));
}

/** PUTs the response to the pre-signed S3 URL CloudFormation gave. */
function sendResponse(url: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      { method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        response.on('end', () => resolve());
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
