import { Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  CROSS_ACCOUNT_BACKUP_ACTIONS,
  CrossAccountBackup,
} from '../../../constructs/organization/cross-account-backup';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';

type Call = { service: string; action: string; region?: string; parameters?: Record<string, unknown> };

describe('CrossAccountBackup', () => {
  const stack = newTestStack();
  const backup = new CrossAccountBackup(stack, 'CrossAccountBackup', { regions: ['us-east-1', 'us-west-2'] });
  const template = Template.fromStack(stack);
  const calls = Object.values(template.findResources('Custom::AWS')).map(
    (r) => JSON.parse(r.Properties.Create as string) as Call,
  );

  test('turns cross-account backup on in every Region', () => {
    expect(calls.map((c) => [c.service, c.action, c.region])).toEqual([
      ['Backup', 'updateGlobalSettings', 'us-east-1'],
      ['Backup', 'updateGlobalSettings', 'us-west-2'],
    ]);
    for (const call of calls) {
      expect(call.parameters).toEqual({ GlobalSettings: { isCrossAccountBackupEnabled: 'true' } });
    }
    expect(backup.calls).toHaveLength(2);
    // Nothing is undone on delete.
    for (const r of Object.values(template.findResources('Custom::AWS')))
      expect(r.Properties.Delete).toBeUndefined();
  });

  test('may call UpdateGlobalSettings and nothing else', () => {
    const policies = template.findResources('AWS::IAM::ManagedPolicy', {
      Properties: {
        PolicyDocument: { Statement: [Match.objectLike({ Action: CROSS_ACCOUNT_BACKUP_ACTIONS[0] })] },
      },
    });
    expect(Object.keys(policies)).toHaveLength(2);
    for (const policy of Object.values(policies)) {
      expect(policy.Properties.PolicyDocument.Statement).toEqual([
        { Action: 'backup:UpdateGlobalSettings', Effect: 'Allow', Resource: '*' },
      ]);
    }
  });

  test('has no unacknowledged findings', () => {
    expectNoUnacknowledgedFindings(stack);
  });

  test('the findings helper fails when a call is granted more than it needs', () => {
    const broken = newTestStack();
    const wide = new CrossAccountBackup(broken, 'CrossAccountBackup', { regions: ['us-east-1'] });
    wide.calls[0]?.policy.addStatements(new iam.PolicyStatement({ actions: ['backup:*'], resources: ['*'] }));
    expect(
      collectUnacknowledgedFindings(broken)
        .map((f) => f.ruleName)
        .join('\n'),
    ).toMatch(/IAM5/);
  });

  test('fails if a Region is malformed, a token, or none is given', () => {
    const make = (regions: string[]) => () =>
      new CrossAccountBackup(newTestStack(), 'CrossAccountBackup', { regions });
    expect(make([])).toThrow(
      /TestStack\/CrossAccountBackup: 'regions' must be a non-empty list of Region names .*\(164\.308\(a\)\(7\)\(ii\)\(A\)\), got \[\]/,
    );
    expect(make(['mars-1'])).toThrow(/'regions\[0\]' must be .*got "mars-1"/);
    expect(make([Token.asString({ Ref: 'Region' })])).toThrow(/'regions\[0\]'.*unresolved token/);
  });
});
