import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { Citation } from '../core/citations';
import { PropsCheck } from '../core/validation';
import { SdkCall } from '../patching/private/sdk-call';
import { organizationsEndpointRegion } from './private/org-service-calls';
import { ACCOUNT_ID_PATTERN } from './private/validation';

/** The service principal of StackSets' delegated administration. */
export const STACKSETS_SERVICE_PRINCIPAL = 'member.org.stacksets.cloudformation.amazonaws.com';

const REASON =
  'ActivateOrganizationsAccess and the Organizations delegation APIs act on the organization itself and have no resource type in IAM, so IAM accepts only Resource *; the calls can only let the configured account administer service-managed StackSets.';

/** Properties of a {@link StackSetsDelegation}. */
export interface StackSetsDelegationProps {
  /** The 12-digit account that administers the organization's service-managed StackSets. */
  readonly delegatedAdminAccountId: string;
}

/**
 * Lets the delegated-admin account deploy service-managed StackSets to the organization (the member
 * baseline): activates StackSets' trusted access with AWS Organizations and registers the account as
 * StackSets delegated administrator. Deploy in the management account. Nothing is undone on delete:
 * deregistering would orphan the member-baseline StackSets.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-delegated-admin.html
 */
export class StackSetsDelegation extends Construct {
  /** The call that activates trusted access. */
  public readonly trustedAccess: SdkCall;
  /** The call that registers the delegated administrator. */
  public readonly delegation: SdkCall;

  constructor(scope: Construct, id: string, props: StackSetsDelegationProps) {
    const check = new PropsCheck(scope, id);
    check.matches(
      'delegatedAdminAccountId',
      props.delegatedAdminAccountId,
      ACCOUNT_ID_PATTERN,
      'a 12-digit account id, not a token',
      Citation.RISK_MANAGEMENT,
    );
    check.throwIfInvalid();
    super(scope, id);

    const stack = Stack.of(this);
    const activate: cr.AwsSdkCall = {
      service: 'CloudFormation',
      action: 'activateOrganizationsAccess',
      parameters: {},
      physicalResourceId: cr.PhysicalResourceId.of('stacksets-organizations-access'),
    };
    this.trustedAccess = new SdkCall(this, 'TrustedAccess', {
      onCreate: activate,
      onUpdate: activate,
      statements: [
        new iam.PolicyStatement({
          actions: [
            'cloudformation:ActivateOrganizationsAccess',
            'organizations:EnableAWSServiceAccess',
            'organizations:DescribeOrganization',
            'organizations:ListAWSServiceAccessForOrganization',
          ],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          actions: ['iam:CreateServiceLinkedRole'],
          resources: [
            `arn:${stack.partition}:iam::${stack.account}:role/aws-service-role/stacksets.cloudformation.amazonaws.com/AWSServiceRoleForCloudFormationStackSetsOrgAdmin`,
          ],
          conditions: { StringEquals: { 'iam:AWSServiceName': 'stacksets.cloudformation.amazonaws.com' } },
        }),
      ],
      wildcardResourceReason: REASON,
    });
    const register: cr.AwsSdkCall = {
      service: 'Organizations',
      action: 'registerDelegatedAdministrator',
      parameters: { AccountId: props.delegatedAdminAccountId, ServicePrincipal: STACKSETS_SERVICE_PRINCIPAL },
      physicalResourceId: cr.PhysicalResourceId.of('stacksets-delegated-admin'),
      region: organizationsEndpointRegion(stack),
      ignoreErrorCodesMatching: 'AccountAlreadyRegisteredException',
    };
    this.delegation = new SdkCall(this, 'DelegatedAdmin', {
      onCreate: register,
      onUpdate: register,
      statements: [
        new iam.PolicyStatement({
          actions: ['organizations:RegisterDelegatedAdministrator', 'organizations:DescribeOrganization'],
          resources: ['*'],
        }),
      ],
      wildcardResourceReason: REASON,
    });
    this.delegation.node.addDependency(this.trustedAccess);
  }
}
