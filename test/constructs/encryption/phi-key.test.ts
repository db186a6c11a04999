import { Aws, Lazy, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PhiKey } from '../../../constructs/encryption/phi-key';
import { KmsKeyAdminSeparation } from '../../../lib/compliance/rules/kms/key-admin-separation';
import { evaluateTemplates } from '../../../lib/compliance/template/evaluate-templates';
import { TemplateSet } from '../../../lib/compliance/template/template-set';
import { newTestApp, newTestStack } from '../../helpers/app';
import { expectNoUnacknowledgedFindings } from '../../helpers/findings';
import { wildcardMatch } from '../../helpers/iam-evaluator';

interface KeyStatement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Principal: unknown;
  readonly Action: string | string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

describe('PhiKey at its defaults', () => {
  const stack = newTestStack();
  const key = new PhiKey(stack, 'RecordsKey', { dataDomain: 'patient-records' });
  const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
  const writer = new iam.Role(stack, 'Writer', { assumedBy: new iam.AccountRootPrincipal() });
  key.grantRead(reader);
  key.grantWrite(writer);
  key.allowCloudWatchLogs();
  const template = Template.fromStack(stack);

  test('rotates annually, has a 30-day deletion window and is retained', () => {
    template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({
        EnableKeyRotation: true,
        RotationPeriodInDays: 365,
        PendingWindowInDays: 30,
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('has an alias named after the stack and data domain', () => {
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/phi/TestStack/patient-records' });
  });

  const keyStatements = () =>
    Object.values(template.findResources('AWS::KMS::Key')).flatMap(
      (k) =>
        (k as { Properties: { KeyPolicy: { Statement: KeyStatement[] } } }).Properties.KeyPolicy.Statement,
    );

  test('separates administration from use: root administers in one statement and uses in another', () => {
    const root = { AWS: 'arn:aws:iam::111122223333:root' };
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'KeyAdministration',
            Effect: 'Allow',
            Principal: root,
            Action: Match.arrayWith(['kms:Put*', 'kms:ScheduleKeyDeletion']),
            Resource: '*',
          },
          {
            Sid: 'KeyUseThroughIam',
            Effect: 'Allow',
            Principal: root,
            Action: [
              'kms:Decrypt',
              'kms:DescribeKey',
              'kms:Encrypt',
              'kms:GenerateDataKey*',
              'kms:ReEncrypt*',
            ],
            Resource: '*',
          },
          {
            Sid: 'KeyGrantsForAwsResourcesThroughIam',
            Effect: 'Allow',
            Principal: root,
            Action: 'kms:CreateGrant',
            Resource: '*',
            Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
          },
        ]),
      },
    });
  });

  test('no statement allows kms:* or kms:Create*, and administration lists no use action', () => {
    const statements = keyStatements();
    expect(statements.length).toBeGreaterThan(0);
    const allowed = statements.filter((s) => s.Effect === 'Allow').flatMap((s) => [s.Action].flat());
    expect(allowed).not.toContain('kms:*');
    expect(allowed).not.toContain('*');
    expect(allowed).not.toContain('kms:Create*');
    const admin = [statements.find((s) => s.Sid === 'KeyAdministration')?.Action ?? []].flat();
    expect(admin.length).toBeGreaterThan(0);
    for (const use of ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:CreateGrant']) {
      expect({ use, allowedBy: admin.filter((a) => wildcardMatch(a, use, true)) }).toEqual({
        use,
        allowedBy: [],
      });
    }
  });

  test('the template evidence rule finds administration and use separated', () => {
    const set = new TemplateSet([
      { stackName: stack.stackName, templatePath: 'TestStack.template.json', template: template.toJSON() },
    ]);
    const { evaluations } = evaluateTemplates(set, [KmsKeyAdminSeparation]);
    expect(evaluations.map((e) => e.outcome)).toEqual(['compliant']);
  });

  test('denies direct use to CDK deployment roles, and names no other administrator by default', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'DenyDirectUseToDeploymentRole',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: [
              'kms:CreateGrant',
              'kms:Decrypt',
              'kms:Encrypt',
              'kms:GenerateDataKey*',
              'kms:ReEncrypt*',
            ],
            Resource: '*',
            Condition: {
              ArnLike: {
                'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/cdk-*-cfn-exec-role-*',
              },
              Null: { 'kms:ViaService': 'true' },
            },
          },
        ]),
      },
    });
    expect(keyStatements().map((s) => s.Sid)).not.toContain('DenyUseToKeyAdministrators');
  });

  test('only Deny statements use a wildcard principal, and only with a principal condition', () => {
    for (const statement of keyStatements()) {
      if (JSON.stringify(statement.Principal).includes('"*"')) {
        expect(statement.Effect).toBe('Deny');
        expect(statement.Condition?.ArnLike?.['aws:PrincipalArn']).toBeDefined();
      }
    }
  });

  test("names no grantee in the key policy: grants reach the grantee's IAM policy", () => {
    expect(JSON.stringify(keyStatements())).not.toMatch(/Reader|Writer/);
  });

  test('lets CloudWatch Logs use the key only for log groups of this account and region', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowCloudWatchLogsInThisAccountAndRegion',
            Principal: { Service: { 'Fn::Join': ['', ['logs.us-east-1.', { Ref: 'AWS::URLSuffix' }]] } },
            Condition: {
              ArnLike: {
                'kms:EncryptionContext:aws:logs:arn': Match.stringLikeRegexp(
                  ':logs:us-east-1:111122223333:log-group:\\*',
                ),
              },
            },
          }),
        ]),
      },
    });
  });

  test('grantRead allows decrypt only, grantWrite allows encrypt but not decrypt', () => {
    const policies = template.findResources('AWS::IAM::Policy');
    const actionsOf = (roleLogicalPrefix: string) =>
      Object.values(policies)
        .filter((p) => JSON.stringify(p).includes(roleLogicalPrefix))
        .flatMap(
          (p) =>
            (p as { Properties: { PolicyDocument: { Statement: { Action: string[] }[] } } }).Properties
              .PolicyDocument.Statement,
        )
        .flatMap((s) => s.Action);
    expect(actionsOf('Reader')).toEqual(expect.arrayContaining(['kms:Decrypt']));
    expect(actionsOf('Reader')).not.toEqual(expect.arrayContaining(['kms:Encrypt']));
    expect(actionsOf('Writer')).toEqual(expect.arrayContaining(['kms:Encrypt', 'kms:GenerateDataKey*']));
    expect(actionsOf('Writer')).not.toContain('kms:Decrypt');
  });

  test('has no unacknowledged findings from the three packs', () => {
    expectNoUnacknowledgedFindings(key);
  });
});

describe('PhiKey rejects insecure or invalid props', () => {
  const build = (props: Partial<ConstructorParameters<typeof PhiKey>[2]>) => () =>
    new PhiKey(newTestStack(), 'Key', { dataDomain: 'records', ...props });

  test.each([89, 366, 0, 90.5])('rejects a rotation period of %p days', (days) => {
    expect(build({ rotationPeriodDays: days })).toThrow(
      new RegExp(
        `TestStack/Key: 'rotationPeriodDays' must be an integer from 90 to 365 \\(164\\.312\\(a\\)\\(2\\)\\(iv\\)\\), got ${days}`,
      ),
    );
  });

  test('rejects a rotation period that is an unresolved token', () => {
    expect(build({ rotationPeriodDays: Token.asNumber(Lazy.number({ produce: () => 180 })) })).toThrow(
      /'rotationPeriodDays' .* got an unresolved token/,
    );
  });

  test('rejects a data domain that cannot form an alias', () => {
    expect(build({ dataDomain: 'Patient Records!' })).toThrow(
      /'dataDomain' must be lowercase letters.*got "Patient Records!"/,
    );
  });

  test('rejects an alias in the AWS-reserved namespace', () => {
    expect(build({ aliasName: 'alias/aws/s3' })).toThrow(
      /'aliasName' must be an alias .* got "alias\/aws\/s3"/,
    );
  });

  test.each([
    ['a user, not a role', 'arn:aws:iam::111122223333:user/alice'],
    ['a role of another account', 'arn:aws:iam::444455556666:role/KeyAdmin'],
    ['every role of the account', 'arn:aws:iam::111122223333:role/*'],
    ['a role name without its ARN', 'KeyAdmin'],
    ['the account root', 'arn:aws:iam::111122223333:root'],
  ])('rejects a key administrator that is %s', (_, arn) => {
    expect(build({ keyAdministrators: [arn] })).toThrow(
      new RegExp(
        `TestStack/Key: 'keyAdministrators\\[0\\]' must be the ARN of an IAM role of this key's account.* \\(164\\.312\\(a\\)\\(1\\)\\), got "${arn.replace(/[*.]/g, '\\$&')}"`,
      ),
    );
  });

  test('rejects a key administrator ARN with unresolved parts other than partition and account', () => {
    const arn = `arn:aws:iam::111122223333:role/${Lazy.string({ produce: () => 'KeyAdmin' })}`;
    expect(build({ keyAdministrators: [arn] })).toThrow(
      /'keyAdministrators\[0\]' must be .* got an unresolved token/,
    );
  });

  test('rejects a role of another stack, which would make the key depend on that stack', () => {
    const app = newTestApp();
    const other = new Stack(app, 'Identity', { env: { account: '111122223333', region: 'us-east-1' } });
    const role = new iam.Role(other, 'KeyAdmin', { assumedBy: new iam.AccountRootPrincipal() });
    const stack = newTestStack({ app });
    expect(() => new PhiKey(stack, 'Key', { dataDomain: 'records', keyAdministrators: [role] })).toThrow(
      /TestStack\/Key: 'keyAdministrators\[0\]' must be a role of the key's own stack \(TestStack\), or the role's ARN as a string.* \(164\.312\(a\)\(1\)\), got "role Identity\/KeyAdmin"/,
    );
  });

  test('accepts a role of its stack, a role ARN pattern, and an ARN built from the partition and account', () => {
    const stack = newTestStack();
    const role = new iam.Role(stack, 'KeyAdmin', { assumedBy: new iam.AccountRootPrincipal() });
    const key = new PhiKey(stack, 'Key', {
      dataDomain: 'records',
      keyAdministrators: [
        role,
        'arn:aws:iam::111122223333:role/ops/KeyAdmin*',
        `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/BreakGlassKeyAdmin`,
      ],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'DenyUseToKeyAdministrators',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: [
              'kms:CreateGrant',
              'kms:Decrypt',
              'kms:Encrypt',
              'kms:GenerateDataKey*',
              'kms:ReEncrypt*',
            ],
            Condition: {
              ArnLike: {
                'aws:PrincipalArn': [
                  { 'Fn::GetAtt': [stack.getLogicalId(role.node.defaultChild as never), 'Arn'] },
                  'arn:aws:iam::111122223333:role/ops/KeyAdmin*',
                  {
                    'Fn::Join': [
                      '',
                      [
                        'arn:',
                        { Ref: 'AWS::Partition' },
                        ':iam::',
                        { Ref: 'AWS::AccountId' },
                        ':role/BreakGlassKeyAdmin',
                      ],
                    ],
                  },
                ],
              },
            },
          }),
        ]),
      },
    });
    expectNoUnacknowledgedFindings(key);
  });

  test('lists every problem at once and creates nothing', () => {
    const stack = newTestStack();
    expect(() => new PhiKey(stack, 'Key', { dataDomain: 'BAD', rotationPeriodDays: 10 })).toThrow(
      /dataDomain[\s\S]*rotationPeriodDays/,
    );
    expect(stack.node.tryFindChild('Key')).toBeUndefined();
  });

  test('accepts the bounds 90 and 365', () => {
    const stack = new Stack();
    expect(() => new PhiKey(stack, 'A', { dataDomain: 'a', rotationPeriodDays: 90 })).not.toThrow();
    expect(() => new PhiKey(stack, 'B', { dataDomain: 'b', rotationPeriodDays: 365 })).not.toThrow();
  });
});
