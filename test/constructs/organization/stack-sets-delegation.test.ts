import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  STACKSETS_SERVICE_PRINCIPAL,
  StackSetsDelegation,
} from '../../../constructs/organization/stack-sets-delegation';
import { newTestStack } from '../../helpers/app';
import { expectNoUnacknowledgedFindings } from '../../helpers/findings';

const ADMIN = '222233334444';

type Call = { service: string; action: string; region?: string; parameters?: Record<string, unknown> };

describe('StackSetsDelegation', () => {
  const stack = newTestStack();
  const delegation = new StackSetsDelegation(stack, 'StackSets', { delegatedAdminAccountId: ADMIN });
  const template = Template.fromStack(stack);
  const calls = Object.values(template.findResources('Custom::AWS')).map(
    (r) => JSON.parse(r.Properties.Create as string) as Call,
  );

  test('activates trusted access, then registers the StackSets delegated administrator', () => {
    expect(calls.map((c) => `${c.service}.${c.action}`)).toEqual([
      'CloudFormation.activateOrganizationsAccess',
      'Organizations.registerDelegatedAdministrator',
    ]);
    expect(calls[1]?.parameters).toEqual({ AccountId: ADMIN, ServicePrincipal: STACKSETS_SERVICE_PRINCIPAL });
    expect(calls[1]?.region).toBe('us-east-1');
    expect(delegation.delegation.node.dependencies).toContain(delegation.trustedAccess);
  });

  test('the only service-linked role it may create is StackSets’ own', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 'iam:CreateServiceLinkedRole',
            Condition: { StringEquals: { 'iam:AWSServiceName': 'stacksets.cloudformation.amazonaws.com' } },
            Effect: 'Allow',
            Resource:
              'arn:aws:iam::111122223333:role/aws-service-role/stacksets.cloudformation.amazonaws.com/AWSServiceRoleForCloudFormationStackSetsOrgAdmin',
          },
        ]),
      },
    });
  });

  test('has no unacknowledged findings', () => {
    expectNoUnacknowledgedFindings(stack);
  });

  test('rejects a delegated-admin account id that is not 12 digits', () => {
    expect(
      () => new StackSetsDelegation(newTestStack(), 'StackSets', { delegatedAdminAccountId: 'admin' }),
    ).toThrow(/TestStack\/StackSets: 'delegatedAdminAccountId' must be a 12-digit account id.*got "admin"/);
  });
});
