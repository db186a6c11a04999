import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  IdentityCenterPermissionSets,
  type IdentityCenterPermissionSetsProps,
} from '../../../constructs/identity/identity-center-permission-sets';
import {
  collectManualAttestations,
  MANUAL_ATTESTATION_METADATA_KEY,
} from '../../../constructs/identity/manual-attestation';
import { newTestStack } from '../../helpers/app';
import { expectNoUnacknowledgedFindings } from '../../helpers/findings';
import { evaluate, flattenIntrinsics, type Statement } from '../../helpers/iam-evaluator';

const INSTANCE = 'arn:aws:sso:::instance/ssoins-1234567890abcdef';
/** The stack's Region is known, so the partition renders as a literal. */
const awsManaged = (name: string) => `arn:aws:iam::aws:policy/${name}`;

describe('IdentityCenterPermissionSets at their defaults', () => {
  const stack = newTestStack();
  const sets = new IdentityCenterPermissionSets(stack, 'PermissionSets', { instanceArn: INSTANCE });
  const template = Template.fromStack(stack);

  test('creates the four permission sets with their session durations and managed policies', () => {
    const expected: [string, string, unknown[]][] = [
      ['PlatformAdministrator', 'PT1H', [awsManaged('AdministratorAccess')]],
      ['Developer', 'PT4H', [awsManaged('ReadOnlyAccess')]],
      ['Auditor', 'PT4H', [awsManaged('ReadOnlyAccess'), awsManaged('SecurityAudit')]],
      ['BreakGlass', 'PT1H', [awsManaged('AdministratorAccess')]],
    ];
    for (const [name, duration, policies] of expected) {
      template.hasResourceProperties('AWS::SSO::PermissionSet', {
        InstanceArn: INSTANCE,
        Name: name,
        SessionDuration: duration,
        ManagedPolicies: policies,
      });
    }
    template.resourceCountIs('AWS::SSO::PermissionSet', 4);
  });

  test('denies developers and auditors the PHI data plane inline; administrators get no inline policy', () => {
    const inline = (set: typeof sets.developer) =>
      flattenIntrinsics(stack.resolve(set.inlinePolicy) as { Statement: Statement[] } | undefined);
    for (const set of [sets.developer, sets.auditor]) {
      const statements = [{ Effect: 'Allow', Action: '*', Resource: '*' }, ...(inline(set)?.Statement ?? [])];
      expect(
        evaluate(statements, {
          action: 's3:GetObject',
          resource: 'arn:aws:s3:::records/a',
          context: { 'aws:ResourceTag/DataClassification': 'PHI' },
        }),
      ).toBe('ExplicitDeny');
      expect(
        evaluate(statements, { action: 'rds-db:connect', resource: 'arn:aws:rds-db:us-east-1:1:dbuser:c/u' }),
      ).toBe('ExplicitDeny');
    }
    expect(inline(sets.administrator)).toBeUndefined();
    expect(inline(sets.breakGlass)).toBeUndefined();
  });

  test('sets no permissions boundary unless one is named', () => {
    template.allResourcesProperties('AWS::SSO::PermissionSet', { PermissionsBoundary: Match.absent() });
  });

  test('records the Identity Center MFA settings as manual attestations, key and shape exact', () => {
    const entries = sets.node.metadata.filter((m) => m.type === MANUAL_ATTESTATION_METADATA_KEY);
    expect(MANUAL_ATTESTATION_METADATA_KEY).toBe('cdk-hipaa-baseline:attestation');
    expect(entries.map((e) => e.data)).toEqual([
      {
        citation: '164.312(d)',
        setting: expect.stringMatching(/Every time they sign in \(always-on\)/),
        reason: 'CloudFormation cannot set Identity Center MFA mode',
      },
      {
        citation: '164.312(d)',
        setting: expect.stringMatching(/authenticator types/),
        reason: 'CloudFormation cannot set Identity Center MFA mode',
      },
    ]);
    expect(collectManualAttestations(stack).map((a) => a.constructPath)).toEqual([
      'TestStack/PermissionSets',
      'TestStack/PermissionSets',
    ]);
  });

  test('has no unacknowledged findings', () => {
    expectNoUnacknowledgedFindings(sets);
  });
});

describe('IdentityCenterPermissionSets options', () => {
  test('uses the given session durations and customer-managed permissions boundary', () => {
    const stack = newTestStack();
    new IdentityCenterPermissionSets(stack, 'PermissionSets', {
      instanceArn: INSTANCE,
      sessionDurations: { developer: Duration.hours(8), breakGlass: Duration.minutes(90) },
      permissionsBoundaryPolicyName: 'Identity-PermissionsBoundary',
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SSO::PermissionSet', { Name: 'Developer', SessionDuration: 'PT8H' });
    template.hasResourceProperties('AWS::SSO::PermissionSet', {
      Name: 'BreakGlass',
      SessionDuration: 'PT1H30M',
    });
    template.allResourcesProperties('AWS::SSO::PermissionSet', {
      PermissionsBoundary: {
        CustomerManagedPolicyReference: { Name: 'Identity-PermissionsBoundary', Path: '/' },
      },
    });
  });
});

describe('IdentityCenterPermissionSets rejects unsafe props', () => {
  const build = (props: Partial<IdentityCenterPermissionSetsProps>) => () =>
    new IdentityCenterPermissionSets(newTestStack(), 'PermissionSets', { instanceArn: INSTANCE, ...props });

  test('rejects a session longer than PT12H (164.312(a)(2)(iii))', () => {
    expect(build({ sessionDurations: { auditor: Duration.hours(13) } })).toThrow(
      /TestStack\/PermissionSets: 'sessionDurations\.auditor' must be from 1 hour to 12 hours \(PT1H to PT12H\) \(164\.312\(a\)\(2\)\(iii\)\), got "13 hours \(PT13H\)"/,
    );
  });

  test('rejects an administrator session longer than PT4H', () => {
    expect(build({ sessionDurations: { administrator: Duration.hours(6) } })).toThrow(
      /'sessionDurations\.administrator' must be from 1 hour to 4 hours \(PT1H to PT4H\) .*got "6 hours \(PT6H\)"/,
    );
  });

  test('rejects an instance ARN that is not an Identity Center instance (164.308(a)(4)(i))', () => {
    expect(build({ instanceArn: 'arn:aws:iam::111122223333:role/x' })).toThrow(
      /TestStack\/PermissionSets: 'instanceArn' must be an Identity Center instance ARN .*\(164\.308\(a\)\(4\)\(i\)\), got "arn:aws:iam::111122223333:role\/x"/,
    );
  });
});
