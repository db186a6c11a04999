import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledgeFindings, namespacedRuleId } from '../../../../constructs/core/acknowledge';
import { evaluateRulePacks } from '../../../../lib/compliance/evaluate';
import {
  LeastPrivilegeChecks,
  leastPrivilegeFinding,
} from '../../../../lib/compliance/packs/least-privilege';
import { StrictPlugin } from '../../../../lib/compliance/strict-plugin';
import { newTestApp, newTestStack } from '../../../helpers/app';

/** Rule names the pack reports for `scope`. */
function ruleNames(scope: Stack): string[] {
  return new LeastPrivilegeChecks().validateScope(scope).violations.map((v) => v.ruleName);
}

/** A stack holding one managed policy with the given statements. */
function policyWith(...statements: iam.PolicyStatement[]): Stack {
  const stack = newTestStack();
  new iam.ManagedPolicy(stack, 'Policy', { statements });
  return stack;
}

const allow = (actions: string[], resources: string[] = ['arn:aws:s3:::docs/*']) =>
  new iam.PolicyStatement({ actions, resources });

describe('LeastPrivilegeChecks', () => {
  test('is named LeastPrivilege and lists its rule ids', () => {
    const pack = new LeastPrivilegeChecks();
    expect(pack.name).toBe('LeastPrivilege');
    expect(pack.readPackName).toBe('LeastPrivilege');
    expect(pack.ruleIds).toEqual([
      'LeastPrivilege-NoWildcardAction',
      'LeastPrivilege-NoPhiServiceWildcard',
      'LeastPrivilege-NoPassRoleOnAnyRole',
      'LeastPrivilege-NoAllowNotAction',
      'LeastPrivilege-NoWriteOnAnyResource',
    ]);
  });

  test('passes specific actions on specific resources, read-only actions on "*", and every Deny', () => {
    const stack = policyWith(
      allow(['s3:GetObject', 's3:PutObject']),
      allow(['ec2:DescribeInstances', 'logs:FilterLogEvents', 's3:List*', 'dynamodb:BatchGetItem'], ['*']),
      new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['*'], resources: ['*'] }),
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        notActions: ['iam:ChangePassword'],
        resources: ['*'],
      }),
    );
    expect(ruleNames(stack)).toEqual([]);
  });

  test('ignores resources that hold no identity-based policy', () => {
    const stack = newTestStack();
    new s3.Bucket(stack, 'Bucket', { enforceSSL: true });
    expect(ruleNames(stack)).toEqual([]);
  });

  describe('NoWildcardAction', () => {
    test('reports Allow "*", showing the statement', () => {
      expect(ruleNames(policyWith(allow(['*'])))).toEqual([
        'LeastPrivilege-NoWildcardAction[{"Action":"*","Effect":"Allow","Resource":"arn:aws:s3:::docs/*"}]',
      ]);
    });
  });

  describe('NoPhiServiceWildcard', () => {
    test.each(['s3:*', 'kms:*', 'dynamodb:*', 'rds:*', 'rds-db:*', 'secretsmanager:*', 'S3:*'])(
      'reports %s, resolving tokens in the statement',
      (action) => {
        const stack = newTestStack();
        const bucket = new s3.Bucket(stack, 'Docs');
        new iam.ManagedPolicy(stack, 'Policy', { statements: [allow([action], [bucket.bucketArn])] });
        const [name] = ruleNames(stack);
        expect(name).toMatch(
          /^LeastPrivilege-NoPhiServiceWildcard\[\{"Action":".*","Effect":"Allow","Resource":\{"Fn::GetAtt":\["Docs/,
        );
        expect(name).toContain(action);
      },
    );

    test('does not report service wildcards of services that hold no PHI, or narrower wildcards', () => {
      expect(ruleNames(policyWith(allow(['cloudwatch:*', 's3:Get*'])))).toEqual([]);
    });
  });

  describe('NoPassRoleOnAnyRole', () => {
    test.each([
      [['iam:PassRole'], '*'],
      [['iam:PassRole'], 'arn:aws:iam::111122223333:role/*'],
      [['iam:Pass*'], '*'],
    ])('reports %p on %p', (actions, resource) => {
      expect(ruleNames(policyWith(allow(actions, [resource])))).toEqual([
        expect.stringMatching(/^LeastPrivilege-NoPassRoleOnAnyRole\[.*PassRole|Pass\*/),
      ]);
    });

    test('passes iam:PassRole on a named role', () => {
      expect(ruleNames(policyWith(allow(['iam:PassRole'], ['arn:aws:iam::111122223333:role/app'])))).toEqual(
        [],
      );
    });
  });

  describe('NoAllowNotAction', () => {
    test('reports Allow with NotAction', () => {
      const stack = policyWith(
        new iam.PolicyStatement({ notActions: ['iam:*'], resources: ['arn:aws:s3:::docs/*'] }),
      );
      expect(ruleNames(stack)).toEqual([
        'LeastPrivilege-NoAllowNotAction[{"Effect":"Allow","NotAction":"iam:*","Resource":"arn:aws:s3:::docs/*"}]',
      ]);
    });
  });

  describe('NoWriteOnAnyResource', () => {
    test('reports a write action on Resource "*"', () => {
      expect(
        ruleNames(policyWith(allow(['ec2:TerminateInstances', 'ec2:DescribeInstances'], ['*']))),
      ).toEqual([
        'LeastPrivilege-NoWriteOnAnyResource[{"Action":["ec2:DescribeInstances","ec2:TerminateInstances"],"Effect":"Allow","Resource":"*"}]',
      ]);
    });

    test('reports a write action with NotResource, which reaches almost every resource', () => {
      const stack = policyWith(
        new iam.PolicyStatement({ actions: ['sns:Publish'], notResources: ['arn:aws:sns:us-east-1:1:x'] }),
      );
      expect(ruleNames(stack)).toEqual([expect.stringMatching(/^LeastPrivilege-NoWriteOnAnyResource\[/)]);
    });

    test('leaves "*", PHI wildcards and PassRole to their more specific rules', () => {
      const stack = policyWith(allow(['*'], ['*']), allow(['s3:*'], ['*']), allow(['iam:PassRole'], ['*']));
      expect(ruleNames(stack).map((n) => n.slice(0, n.indexOf('[')))).toEqual([
        'LeastPrivilege-NoWildcardAction',
        'LeastPrivilege-NoPhiServiceWildcard',
        'LeastPrivilege-NoPassRoleOnAnyRole',
      ]);
    });
  });

  test('checks inline policies of roles, users and groups, standalone policies and raw overrides', () => {
    const stack = newTestStack();
    const star = new iam.PolicyDocument({ statements: [allow(['*'])] });
    new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal(), inlinePolicies: { star } });
    new iam.CfnUser(stack, 'User', { policies: [{ policyName: 'star', policyDocument: star }] });
    new iam.CfnGroup(stack, 'Group', { policies: [{ policyName: 'star', policyDocument: star }] });
    new iam.Policy(stack, 'Inline', { document: star, groups: [new iam.Group(stack, 'Other')] });
    const overridden = new iam.CfnManagedPolicy(stack, 'Overridden', {
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::d/*' }],
      },
    });
    overridden.addPropertyOverride('PolicyDocument.Statement.0.Action', '*');
    const { violations } = new LeastPrivilegeChecks().validateScope(stack);
    expect(violations.flatMap((v) => v.violatingResources.map((r) => r.constructPath)).sort()).toEqual([
      'TestStack/Group',
      'TestStack/Inline/Resource',
      'TestStack/Overridden',
      'TestStack/Role/Resource',
      'TestStack/User',
    ]);
  });

  test('acknowledgeFindings suppresses a finding through the namespaced metadata key', () => {
    const stack = newTestStack();
    const policy = new iam.ManagedPolicy(stack, 'Policy', { statements: [allow(['*'], ['*'])] });
    new iam.ManagedPolicy(stack, 'Other', { statements: [allow(['ec2:TerminateInstances'], ['*'])] });
    const finding = leastPrivilegeFinding({ Action: '*', Effect: 'Allow', Resource: '*' });
    acknowledgeFindings(policy, [
      {
        ruleId: `LeastPrivilege-NoWildcardAction[${finding}]`,
        reason: 'Fixture: an acknowledged statement must stay in the report as suppressed, with this reason.',
        owner: 'platform-team',
        ticket: 'SEC-1234',
        expires: new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10),
      },
    ]);
    const findings = evaluateRulePacks(stack, [new LeastPrivilegeChecks()]);
    expect(findings).toEqual([
      expect.objectContaining({
        ruleName: `LeastPrivilege-NoWildcardAction[${finding}]`,
        acknowledgment: expect.objectContaining({
          acknowledgedAt: 'TestStack/Policy',
          reason: expect.stringMatching(/^Fixture/),
        }),
      }),
      expect.objectContaining({
        ruleName: expect.stringMatching(/^LeastPrivilege-NoWriteOnAnyResource\[.*TerminateInstances/),
        acknowledgment: undefined,
      }),
    ]);
  });

  test('fails a gated synth through StrictPlugin, and records the offending statement in the report', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'least-privilege-'));
    const app = newTestApp({ outdir });
    Validations.of(app).addPlugins(new StrictPlugin(new LeastPrivilegeChecks()));
    new iam.ManagedPolicy(new Stack(app, 'Fixture'), 'Broad', { statements: [allow(['kms:*'], ['*'])] });
    expect(() => app.synth()).toThrow();
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; conclusion: string; violations: { ruleName: string }[] }[];
    };
    const pack = report.pluginReports.find((r) => r.pluginName === 'LeastPrivilege');
    expect(pack?.conclusion).toBe('failure');
    expect(pack?.violations.map((v) => v.ruleName)).toEqual([
      'LeastPrivilege-NoPhiServiceWildcard[{"Action":"kms:*","Effect":"Allow","Resource":"*"}]',
    ]);
  });
});

describe('leastPrivilegeFinding', () => {
  test('is the compact statement JSON with sorted keys and no whitespace', () => {
    expect(
      leastPrivilegeFinding({
        Resource: '*',
        Effect: 'Allow',
        Condition: { StringEquals: { 'k:b': 'x y', 'k:a': '1' } },
        Action: 'a:b',
      }),
    ).toBe(
      '{"Action":"a:b","Condition":{"StringEquals":{"k:a":"1","k:b":"x_y"}},"Effect":"Allow","Resource":"*"}',
    );
  });

  test('cuts long statements to about 200 characters and closes every bracket it cut', () => {
    const actions = Array.from({ length: 40 }, (_, i) => `ec2:CreateThing${i}`);
    const text = leastPrivilegeFinding({ Action: actions, Effect: 'Allow', Resource: '*' });
    expect(text.length).toBeLessThanOrEqual(205);
    expect(text).toMatch(/^\{"Action":\["ec2:CreateThing0",.*…"?\]\}$/);
  });

  test('drops unbalanced closers from string values so the rule id stays valid', () => {
    const text = leastPrivilegeFinding({
      Effect: 'Allow',
      Action: 'a:b',
      Resource: 'arn:aws:s3:::odd]name)/*',
    });
    expect(text).toBe('{"Action":"a:b","Effect":"Allow","Resource":"arn:aws:s3:::oddname/*"}');
    const id = `LeastPrivilege-NoWriteOnAnyResource[${text}]`;
    expect(namespacedRuleId(id)).toBe(`LeastPrivilege::${id}`);
    expect(() =>
      Validations.of(newTestStack()).acknowledge({ id: `LeastPrivilege::${id}`, reason: 'valid id check' }),
    ).not.toThrow();
  });
});
