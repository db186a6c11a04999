import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { Citation } from '../../core/citations';
import type { PropsCheck } from '../../core/validation';
import {
  KEY_ADMINISTRATION_ACTIONS,
  KEY_ADMINISTRATOR_DENIED_ACTIONS,
  KEY_GRANT_ACTIONS,
  KEY_USE_ACTIONS,
} from './perms';

/** Statement ids of the toolkit key policy. */
export const KeyPolicySid = {
  ADMINISTRATION: 'KeyAdministration',
  USE: 'KeyUseThroughIam',
  GRANTS: 'KeyGrantsForAwsResourcesThroughIam',
  DENY_DEPLOYMENT_ROLE: 'DenyDirectUseToDeploymentRole',
  DENY_ADMINISTRATORS: 'DenyUseToKeyAdministrators',
} as const;

/**
 * Role names of the CloudFormation execution roles the CDK bootstrap creates
 * (`cdk-<qualifier>-cfn-exec-role-<account>-<region>`), for any qualifier: the role that deploys, and so
 * administers, every key of a CDK app.
 */
export const DEPLOYMENT_ROLE_NAME_PATTERN = 'cdk-*-cfn-exec-role-*';

/** A key administrator: an IAM role of the key's own stack, or the ARN (or ArnLike pattern) of a role. */
type KeyAdministrator = iam.IRole | string;

const PARTITION = '<partition>';
const ACCOUNT = '<account>';
const ROLE_ARN = /^arn:(aws[a-z-]*|<partition>):iam::(\d{12}|<account>):role\/([\w+=,.@*?/-]{1,512})$/;
const ALLOWED_ARN =
  "the ARN of an IAM role of this key's account, e.g. 'arn:aws:iam::111122223333:role/KeyAdmin' (wildcards * and ? allowed in the name, which must also hold a literal character); only the partition and account may be tokens";

/**
 * An ARN as text with the partition and account pseudo parameters as placeholders; undefined when any
 * other part is an unresolved token.
 */
function arnText(stack: Stack, arn: string): string | undefined {
  if (!Token.isUnresolved(arn)) return arn;
  const resolved: unknown = stack.resolve(arn);
  const parts =
    resolved !== null && typeof resolved === 'object' && 'Fn::Join' in resolved
      ? (resolved as { 'Fn::Join': [string, unknown[]] })['Fn::Join']
      : undefined;
  if (parts?.[0] !== '') return undefined;
  let text = '';
  for (const part of parts[1]) {
    const ref = part !== null && typeof part === 'object' ? (part as { Ref?: unknown }).Ref : undefined;
    if (typeof part === 'string') text += part;
    else if (ref === 'AWS::Partition') text += PARTITION;
    else if (ref === 'AWS::AccountId') text += ACCOUNT;
    else return undefined;
  }
  return text;
}

/** The problem with one key administrator ARN string, or undefined when it is acceptable. */
function arnProblem(stack: Stack, arn: string): string | undefined {
  const text = arnText(stack, arn);
  const match = text === undefined ? null : ROLE_ARN.exec(text);
  if (!match) return ALLOWED_ARN;
  const [, , account, name] = match as unknown as [string, string, string, string];
  if (!/[^*?/]/.test(name)) return ALLOWED_ARN;
  if (account !== ACCOUNT && !Token.isUnresolved(stack.account) && account !== stack.account)
    return `${ALLOWED_ARN}; this key's account is ${stack.account}`;
  return undefined;
}

/**
 * Records a problem on `check` for every `keyAdministrators` entry that is not a role of the key's own
 * stack or a role ARN of the key's account. A role of another stack is refused: naming it would make the
 * key's stack depend on the role's, which is how a grantee's stack already depends on the key's (a cycle).
 */
export function checkKeyAdministrators(
  check: PropsCheck,
  scope: Construct,
  administrators: readonly KeyAdministrator[] | undefined,
): void {
  const stack = Stack.of(scope);
  (administrators ?? []).forEach((administrator, i) => {
    const prop = `keyAdministrators[${i}]`;
    if (typeof administrator !== 'string') {
      const sameStack = Stack.of(administrator) === stack;
      const arn = administrator.roleArn;
      check.require(sameStack && (Token.isUnresolved(arn) || arnProblem(stack, arn) === undefined), {
        prop,
        received: `role ${administrator.node.path}`,
        allowed: sameStack
          ? ALLOWED_ARN
          : `a role of the key's own stack (${stack.stackName}), or the role's ARN as a string: a role of another stack would make this stack depend on it`,
        citation: Citation.ACCESS_CONTROL,
      });
      return;
    }
    const problem = arnProblem(stack, administrator);
    check.require(problem === undefined, {
      prop,
      received: administrator,
      allowed: problem ?? '',
      citation: Citation.ACCESS_CONTROL,
    });
  });
}

/** The ARN patterns of the key administrators, for `aws:PrincipalArn`. */
export function keyAdministratorArns(administrators: readonly KeyAdministrator[] | undefined): string[] {
  return (administrators ?? []).map((a) => (typeof a === 'string' ? a : a.roleArn));
}

/**
 * The key policy of every toolkit key, in one place: administration and use are separate statements,
 * both delegated to the account's IAM policies, and the principals that administer keys are explicitly
 * denied using them.
 *
 * | Sid | Effect | Who | What |
 * |---|---|---|---|
 * | `KeyAdministration` | Allow | the account (its IAM policies decide) | {@link KEY_ADMINISTRATION_ACTIONS} |
 * | `KeyUseThroughIam` | Allow | the account (its IAM policies decide) | {@link KEY_USE_ACTIONS} |
 * | `KeyGrantsForAwsResourcesThroughIam` | Allow | the account, for grants to AWS services only | `kms:CreateGrant` |
 * | `DenyDirectUseToDeploymentRole` | Deny | CDK's CloudFormation execution roles, calls not made through an AWS service | {@link KEY_ADMINISTRATOR_DENIED_ACTIONS} |
 * | `DenyUseToKeyAdministrators` | Deny | the named key administrators, always | {@link KEY_ADMINISTRATOR_DENIED_ACTIONS} |
 *
 * No statement allows `kms:*`, and no principal but the account is named in an Allow, so grantees in
 * other stacks receive use through their own IAM policies and the key never references them. The
 * account keeps every administration action, so the key cannot become unmanageable.
 *
 * Service statements (CloudTrail, CloudWatch Logs, …) are added afterwards by the constructs that need
 * them. `administratorArns` must have passed {@link checkKeyAdministrators}.
 *
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 */
export function toolkitKeyPolicy(stack: Stack, administratorArns: readonly string[]): iam.PolicyDocument {
  const account = new iam.AccountRootPrincipal();
  const anyone = new iam.AnyPrincipal();
  // In a key policy, '*' is the key itself.
  const onThisKey = ['*'];
  const statements = [
    new iam.PolicyStatement({
      sid: KeyPolicySid.ADMINISTRATION,
      principals: [account],
      actions: [...KEY_ADMINISTRATION_ACTIONS],
      resources: onThisKey,
    }),
    new iam.PolicyStatement({
      sid: KeyPolicySid.USE,
      principals: [account],
      actions: [...KEY_USE_ACTIONS],
      resources: onThisKey,
    }),
    new iam.PolicyStatement({
      sid: KeyPolicySid.GRANTS,
      principals: [account],
      actions: [...KEY_GRANT_ACTIONS],
      resources: onThisKey,
      conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    }),
    // The deployment role creates resources encrypted with the key (RDS, EBS, secrets, backup vaults),
    // which AWS services do with the key on its behalf; only its own calls to KMS are denied.
    new iam.PolicyStatement({
      sid: KeyPolicySid.DENY_DEPLOYMENT_ROLE,
      effect: iam.Effect.DENY,
      principals: [anyone],
      actions: [...KEY_ADMINISTRATOR_DENIED_ACTIONS],
      resources: onThisKey,
      conditions: {
        ArnLike: {
          'aws:PrincipalArn': `arn:${stack.partition}:iam::${stack.account}:role/${DEPLOYMENT_ROLE_NAME_PATTERN}`,
        },
        Null: { 'kms:ViaService': 'true' },
      },
    }),
  ];
  if (administratorArns.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        sid: KeyPolicySid.DENY_ADMINISTRATORS,
        effect: iam.Effect.DENY,
        principals: [anyone],
        actions: [...KEY_ADMINISTRATOR_DENIED_ACTIONS],
        resources: onThisKey,
        conditions: { ArnLike: { 'aws:PrincipalArn': [...administratorArns] } },
      }),
    );
  }
  return new iam.PolicyDocument({ statements });
}
