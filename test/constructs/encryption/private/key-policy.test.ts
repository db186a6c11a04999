import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PhiKey } from '../../../../constructs/encryption/phi-key';
import { newTestStack } from '../../../helpers/app';
import {
  type ContextValue,
  type Decision,
  evaluate,
  evaluateResourcePolicy,
  flattenIntrinsics,
  type ResourceStatement,
  type Statement,
} from '../../../helpers/iam-evaluator';

// What a key policy MEANS for each kind of principal, by the offline evaluator: the key policy and the
// caller's IAM policies are evaluated together, as KMS does for principals of the key's account.

const ACCOUNT = '111122223333';
const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/records`;
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const NAMED_ADMIN = `arn:aws:iam::${ACCOUNT}:role/KeyAdmin`;
const DEPLOYMENT_ROLE = `arn:aws:iam::${ACCOUNT}:role/cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-us-east-1`;
const ADMINISTRATOR_ACCESS: Statement[] = [{ Effect: 'Allow', Action: '*', Resource: '*' }];

const stack = newTestStack();
const adminRole = new iam.Role(stack, 'PlatformAdmin', { assumedBy: new iam.AccountRootPrincipal() });
adminRole.addToPolicy(new iam.PolicyStatement({ actions: ['*'], resources: ['*'] }));
const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
const key = new PhiKey(stack, 'RecordsKey', {
  dataDomain: 'patient-records',
  keyAdministrators: [adminRole, NAMED_ADMIN],
});
key.grantRead(reader);
const template = Template.fromStack(stack);

const keyLogicalId = stack.getLogicalId(key.key.node.defaultChild as never);
const adminLogicalId = stack.getLogicalId(adminRole.node.defaultChild as never);
const ADMIN_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/PlatformAdmin`;
const refs = { [`${keyLogicalId}.Arn`]: KEY_ARN, [`${adminLogicalId}.Arn`]: ADMIN_ROLE_ARN };

const keyPolicy = flattenIntrinsics(
  (
    Object.values(template.findResources('AWS::KMS::Key'))[0] as {
      Properties: { KeyPolicy: { Statement: ResourceStatement[] } };
    }
  ).Properties.KeyPolicy.Statement,
  { refs },
);
const readerPolicy = flattenIntrinsics(
  Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p).includes('Reader'))
    .flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
          .Statement,
    ),
  { refs },
);

/**
 * KMS's decision for a principal of the key's account: the key policy must allow (naming the account
 * delegates to IAM, so the caller's IAM policies must then allow too) and nothing may deny. The account
 * root user is not limited by IAM policies.
 */
function decide(
  principal: string,
  identity: readonly Statement[],
  action: string,
  context: Record<string, ContextValue> = {},
): Decision {
  const requestContext = { 'aws:PrincipalArn': principal, ...context };
  const byKey = evaluateResourcePolicy(keyPolicy, {
    principal,
    action,
    resource: '*',
    context: requestContext,
  });
  const byIdentity =
    principal === ROOT ? 'Allow' : evaluate(identity, { action, resource: KEY_ARN, context: requestContext });
  if (byKey === 'ExplicitDeny' || byIdentity === 'ExplicitDeny') return 'ExplicitDeny';
  return byKey === 'Allow' && byIdentity === 'Allow' ? 'Allow' : 'ImplicitDeny';
}

const VIA_S3 = { 'kms:ViaService': 's3.us-east-1.amazonaws.com' };
const VIA_RDS = { 'kms:ViaService': 'rds.us-east-1.amazonaws.com' };

describe('PhiKey key policy, evaluated', () => {
  test.each([ADMIN_ROLE_ARN, NAMED_ADMIN])(
    'key administrator %s cannot decrypt or encrypt, even through S3',
    (admin) => {
      for (const action of [
        'kms:Decrypt',
        'kms:Encrypt',
        'kms:GenerateDataKey',
        'kms:ReEncryptFrom',
        'kms:CreateGrant',
      ]) {
        expect({ action, decision: decide(admin, ADMINISTRATOR_ACCESS, action) }).toEqual({
          action,
          decision: 'ExplicitDeny',
        });
      }
      expect(decide(admin, ADMINISTRATOR_ACCESS, 'kms:Decrypt', VIA_S3)).toBe('ExplicitDeny');
    },
  );

  test.each([ADMIN_ROLE_ARN, NAMED_ADMIN])('key administrator %s can still administer the key', (admin) => {
    for (const action of [
      'kms:PutKeyPolicy',
      'kms:DescribeKey',
      'kms:EnableKeyRotation',
      'kms:TagResource',
    ]) {
      expect({ action, decision: decide(admin, ADMINISTRATOR_ACCESS, action) }).toEqual({
        action,
        decision: 'Allow',
      });
    }
  });

  test('a grantee with an IAM policy can decrypt, and nothing else it was not granted', () => {
    const readerArn = `arn:aws:iam::${ACCOUNT}:role/Reader`;
    expect(readerPolicy.length).toBeGreaterThan(0);
    expect(decide(readerArn, readerPolicy, 'kms:Decrypt')).toBe('Allow');
    expect(decide(readerArn, readerPolicy, 'kms:Decrypt', VIA_S3)).toBe('Allow');
    expect(decide(readerArn, readerPolicy, 'kms:Encrypt')).toBe('ImplicitDeny');
    expect(decide(readerArn, readerPolicy, 'kms:PutKeyPolicy')).toBe('ImplicitDeny');
  });

  test('a principal of the account without an IAM grant cannot use the key', () => {
    expect(decide(`arn:aws:iam::${ACCOUNT}:role/Other`, [], 'kms:Decrypt')).toBe('ImplicitDeny');
  });

  test('the account root keeps administration, so the key cannot be orphaned', () => {
    for (const action of [
      'kms:PutKeyPolicy',
      'kms:ScheduleKeyDeletion',
      'kms:CancelKeyDeletion',
      'kms:EnableKey',
      'kms:UpdateKeyDescription',
    ]) {
      expect({ action, decision: decide(ROOT, [], action) }).toEqual({ action, decision: 'Allow' });
    }
  });

  test('the deployment role cannot use the key directly, but AWS services can on its behalf', () => {
    expect(decide(DEPLOYMENT_ROLE, ADMINISTRATOR_ACCESS, 'kms:Decrypt')).toBe('ExplicitDeny');
    expect(decide(DEPLOYMENT_ROLE, ADMINISTRATOR_ACCESS, 'kms:GenerateDataKey')).toBe('ExplicitDeny');
    expect(
      decide(DEPLOYMENT_ROLE, ADMINISTRATOR_ACCESS, 'kms:GenerateDataKeyWithoutPlaintext', VIA_RDS),
    ).toBe('Allow');
    expect(
      decide(DEPLOYMENT_ROLE, ADMINISTRATOR_ACCESS, 'kms:CreateGrant', {
        ...VIA_RDS,
        'kms:GrantIsForAWSResource': 'true',
      }),
    ).toBe('Allow');
    expect(decide(DEPLOYMENT_ROLE, ADMINISTRATOR_ACCESS, 'kms:PutKeyPolicy')).toBe('Allow');
    expect(decide(DEPLOYMENT_ROLE, ADMINISTRATOR_ACCESS, 'kms:ScheduleKeyDeletion')).toBe('Allow');
  });

  test('grants can be created only for AWS resources', () => {
    const app = `arn:aws:iam::${ACCOUNT}:role/App`;
    expect(decide(app, ADMINISTRATOR_ACCESS, 'kms:CreateGrant')).toBe('ImplicitDeny');
    expect(
      decide(app, ADMINISTRATOR_ACCESS, 'kms:CreateGrant', { 'kms:GrantIsForAWSResource': 'true' }),
    ).toBe('Allow');
  });
});
