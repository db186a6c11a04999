import { Lazy, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PhiKey } from '../../../constructs/encryption/phi-key';
import { newTestStack } from '../../helpers/app';
import { expectNoUnacknowledgedFindings } from '../../helpers/findings';

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

  test('key policy has no wildcard principal', () => {
    const keys = template.findResources('AWS::KMS::Key');
    const statements = Object.values(keys).flatMap(
      (k) =>
        (k as { Properties: { KeyPolicy: { Statement: { Principal: unknown }[] } } }).Properties.KeyPolicy
          .Statement,
    );
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(JSON.stringify(statement.Principal)).not.toMatch(/"\*"/);
    }
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
