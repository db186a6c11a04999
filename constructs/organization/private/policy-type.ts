import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import { SdkCall } from '../../patching/private/sdk-call';
import { organizationsEndpointRegion } from './org-service-calls';

const LIST_ROOTS_REASON =
  'organizations:ListRoots has no resource type in IAM, so IAM accepts only Resource *; the call only reads the id of the organization root.';

/**
 * Enables a policy type (e.g. `RESOURCE_CONTROL_POLICY`) on the organization root, which CloudFormation
 * cannot do: `AWS::Organizations::Organization` has no policy-type property, and an
 * `AWS::Organizations::Policy` of a type that is not enabled fails to create. Two SDK calls, made in the
 * management account: `ListRoots` reads the root id, `EnablePolicyType` enables the type on it (a type
 * already enabled is not an error). Nothing is undone on delete: disabling the type would detach every
 * policy of that type from every target at once.
 *
 * @returns the call that enables the type; make the policies depend on it
 * @see https://docs.aws.amazon.com/organizations/latest/APIReference/API_EnablePolicyType.html
 */
export function enablePolicyType(
  scope: Construct,
  id: string,
  organizationId: string,
  policyType: string,
): SdkCall {
  const stack = Stack.of(scope);
  const region = organizationsEndpointRegion(stack);
  const listRoots: cr.AwsSdkCall = {
    service: 'Organizations',
    action: 'listRoots',
    parameters: {},
    region,
    physicalResourceId: cr.PhysicalResourceId.of(`${organizationId}-root`),
    // Only the id is returned to CloudFormation (a custom resource answer is limited to 4 KB).
    outputPaths: ['Roots.0.Id'],
  };
  const roots = new SdkCall(scope, `${id}Root`, {
    onCreate: listRoots,
    onUpdate: listRoots,
    statements: [new iam.PolicyStatement({ actions: ['organizations:ListRoots'], resources: ['*'] })],
    wildcardResourceReason: LIST_ROOTS_REASON,
  });
  const rootId = roots.resource.getResponseField('Roots.0.Id');
  const enable: cr.AwsSdkCall = {
    service: 'Organizations',
    action: 'enablePolicyType',
    parameters: { RootId: rootId, PolicyType: policyType },
    region,
    physicalResourceId: cr.PhysicalResourceId.of(`${organizationId}-${policyType}`),
    ignoreErrorCodesMatching: 'PolicyTypeAlreadyEnabledException',
  };
  return new SdkCall(scope, id, {
    onCreate: enable,
    onUpdate: enable,
    statements: [
      new iam.PolicyStatement({
        actions: ['organizations:EnablePolicyType'],
        // The root of this organization only, as ListRoots named it.
        resources: [
          `arn:${stack.partition}:organizations::${stack.account}:root/${organizationId}/${rootId}`,
        ],
      }),
    ],
  });
}
