import { ArnFormat, Names, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as macie from 'aws-cdk-lib/aws-macie';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import { acknowledgeWildcards } from '../../core/policy-findings';
import { recordManualAttestation } from '../../core/report-metadata';
import { SdkCall } from '../../patching/private/sdk-call';
import { DetectionCitation } from './citations';
import {
  ALTERNATE_CONTACT_ACTIONS,
  CREATE_SERVICE_LINKED_ROLE_ACTIONS,
  INSPECTOR_ENABLE_ACTIONS,
  MACIE_JOB_ACTIONS,
  MACIE_KEY_ACTIONS,
} from './perms';

/** What Amazon Inspector scans: EC2 instances, ECR images, Lambda functions and Lambda code. */
export const INSPECTOR_RESOURCE_TYPES = ['EC2', 'ECR', 'LAMBDA', 'LAMBDA_CODE'] as const;

/** The service-linked roles Inspector creates when enabled (standard and agentless EC2 scanning). */
const INSPECTOR_SERVICE_LINKED_ROLES = [
  { service: 'inspector2.amazonaws.com', role: 'AWSServiceRoleForAmazonInspector2' },
  { service: 'agentless.inspector2.amazonaws.com', role: 'AWSServiceRoleForAmazonInspector2Agentless' },
] as const;

function serviceLinkedRoleArn(scope: Construct, service: string, role: string): string {
  const stack = Stack.of(scope);
  return `arn:${stack.partition}:iam::${stack.account}:role/aws-service-role/${service}/${role}`;
}

/**
 * Enables Amazon Inspector for this account and Region on create and update; leaves it enabled when
 * the resource is deleted (turning off vulnerability scanning must be a deliberate act).
 *
 * @see https://docs.aws.amazon.com/inspector/v2/APIReference/API_Enable.html
 */
export function enableInspector(scope: Construct, id: string): SdkCall {
  const stack = Stack.of(scope);
  const enable: cr.AwsSdkCall = {
    service: 'Inspector2',
    action: 'enable',
    parameters: { resourceTypes: [...INSPECTOR_RESOURCE_TYPES] },
    physicalResourceId: cr.PhysicalResourceId.of(`inspector2-${stack.account}-${stack.region}`),
    outputPaths: [],
  };
  return new SdkCall(scope, id, {
    onCreate: enable,
    onUpdate: enable,
    statements: [
      new iam.PolicyStatement({ actions: [...INSPECTOR_ENABLE_ACTIONS], resources: ['*'] }),
      ...INSPECTOR_SERVICE_LINKED_ROLES.map(
        ({ service, role }) =>
          new iam.PolicyStatement({
            actions: [...CREATE_SERVICE_LINKED_ROLE_ACTIONS],
            resources: [serviceLinkedRoleArn(scope, service, role)],
            conditions: { StringEquals: { 'iam:AWSServiceName': service } },
          }),
      ),
    ],
    wildcardResourceReason:
      'inspector2:Enable has no resource-level permissions (the Service Authorization Reference lists no resource type for it), so the statement names the action alone.',
  });
}

/** Options of {@link scheduleMacieDiscovery}. */
export interface MacieDiscoveryOptions {
  /** The buckets to scan. */
  readonly buckets: readonly s3.IBucket[];
  /** The Macie session the job needs. */
  readonly session: macie.CfnSession;
  /** The day of the week the job runs. */
  readonly day: string;
}

/**
 * A weekly Macie sensitive-data discovery job over `buckets` (AWS CloudFormation has no resource type
 * for Macie jobs). A change of buckets creates a new job; the old one is cancelled.
 *
 * @see https://docs.aws.amazon.com/macie/latest/APIReference/jobs.html
 */
export function scheduleMacieDiscovery(
  scope: Construct,
  id: string,
  options: MacieDiscoveryOptions,
): SdkCall {
  const stack = Stack.of(scope);
  const create: cr.AwsSdkCall = {
    service: 'Macie2',
    action: 'createClassificationJob',
    parameters: {
      name: `phi-weekly-discovery-${Names.uniqueId(scope).slice(-48)}`,
      description: 'Weekly sensitive-data discovery over PHI buckets (cdk-hipaa-baseline)',
      jobType: 'SCHEDULED',
      scheduleFrequency: { weeklySchedule: { dayOfWeek: options.day } },
      initialRun: true,
      managedDataIdentifierSelector: 'RECOMMENDED',
      samplingPercentage: 100,
      s3JobDefinition: {
        bucketDefinitions: [{ accountId: stack.account, buckets: options.buckets.map((b) => b.bucketName) }],
      },
    },
    physicalResourceId: cr.PhysicalResourceId.fromResponse('jobId'),
    outputPaths: ['jobId'],
  };
  const jobs = stack.formatArn({
    service: 'macie2',
    resource: 'classification-job',
    resourceName: '*',
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
  const statements = [new iam.PolicyStatement({ actions: [...MACIE_JOB_ACTIONS], resources: [jobs] })];
  const call = new SdkCall(scope, id, {
    onCreate: create,
    onUpdate: create,
    onDelete: {
      service: 'Macie2',
      action: 'updateClassificationJob',
      parameters: { jobId: new cr.PhysicalResourceIdReference(), jobStatus: 'CANCELLED' },
    },
    statements,
  });
  acknowledgeWildcards(
    call.policy,
    statements,
    'Macie assigns job ids when a job is created, so the policy can only name jobs of this account and Region by prefix; it allows creating and cancelling jobs, not reading findings or data.',
  );
  call.node.addDependency(options.session);
  allowMacieToDecrypt(scope, options);
  return call;
}

/**
 * Lets Macie's service-linked role decrypt the objects of SSE-KMS buckets whose key is in this stack;
 * the key waits for Macie to be enabled, because a key policy may only name a role that exists. Keys
 * elsewhere are recorded for a person to open.
 */
function allowMacieToDecrypt(scope: Construct, options: MacieDiscoveryOptions): void {
  const stack = Stack.of(scope);
  const macieRole = serviceLinkedRoleArn(scope, 'macie.amazonaws.com', 'AWSServiceRoleForAmazonMacie');
  const elsewhere: string[] = [];
  for (const bucket of options.buckets) {
    const key = bucket.encryptionKey;
    if (!key) continue;
    if (Stack.of(key) !== stack) {
      elsewhere.push(bucket.node.path);
      continue;
    }
    const result = key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowMacieToDecryptForDiscovery',
        principals: [new iam.ArnPrincipal(macieRole)],
        actions: [...MACIE_KEY_ACTIONS],
        resources: ['*'], // In a key policy, '*' is the key itself.
      }),
    );
    if (result.statementAdded) key.node.addDependency(options.session);
    else elsewhere.push(bucket.node.path);
  }
  if (elsewhere.length > 0) {
    const reason = `The keys of ${elsewhere.join(', ')} are managed outside this stack; their key policies must allow ${macieRole} kms:Decrypt, or Macie skips their encrypted objects.`;
    // Not a warning: keys kept in the data stack are the normal layout, and the gate fails on warnings.
    recordManualAttestation(scope, {
      citation: DetectionCitation.RISK_ANALYSIS,
      setting: 'Macie access to PHI bucket keys',
      reason,
    });
  }
}

/**
 * Sets the account's SECURITY alternate contact on create and update; leaves it in place when the
 * resource is deleted, so the account is never left without one.
 *
 * @see https://docs.aws.amazon.com/accounts/latest/reference/API_PutAlternateContact.html
 */
export function putSecurityContact(
  scope: Construct,
  id: string,
  contact: { name: string; email: string; phone: string; title: string },
): SdkCall {
  const stack = Stack.of(scope);
  const put: cr.AwsSdkCall = {
    service: 'Account',
    action: 'putAlternateContact',
    parameters: {
      AlternateContactType: 'SECURITY',
      Name: contact.name,
      EmailAddress: contact.email,
      PhoneNumber: contact.phone,
      Title: contact.title,
    },
    physicalResourceId: cr.PhysicalResourceId.of(`security-contact-${stack.account}`),
  };
  return new SdkCall(scope, id, {
    onCreate: put,
    onUpdate: put,
    statements: [
      new iam.PolicyStatement({
        actions: [...ALTERNATE_CONTACT_ACTIONS],
        resources: [`arn:${stack.partition}:account::${stack.account}:account`],
      }),
    ],
  });
}
