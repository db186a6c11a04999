import { Lazy, RemovalPolicy, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { relaxationsOf } from '../../../constructs/patching/relaxation';
import { PhiTable, type PhiTableProps } from '../../../constructs/storage/phi-table';
import { newTestStack } from '../../helpers/app';
import { expectNoUnacknowledgedFindings } from '../../helpers/findings';

const partitionKey = { name: 'patientId', type: dynamodb.AttributeType.STRING };

describe('PhiTable at its defaults', () => {
  const stack = newTestStack();
  const table = new PhiTable(stack, 'ClinicalEvents', { partitionKey });
  const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
  table.grantReadData(reader);
  const template = Template.fromStack(stack);

  test('encrypts with a customer-managed key, keeps 35 days of PITR, protects from deletion', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 35 },
        DeletionProtectionEnabled: true,
        BillingMode: 'PAY_PER_REQUEST',
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('grantReadData reaches the key', () => {
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('dynamodb:GetItem');
    expect(policies).toContain('kms:Decrypt');
  });

  test('has no unacknowledged findings; the backup-plan exception carries its reason', () => {
    expectNoUnacknowledgedFindings(table);
  });

  test('records no relaxation at 35 days', () => {
    expect(relaxationsOf(table)).toEqual([]);
  });
});

describe('PhiTable with a shorter point-in-time recovery window', () => {
  const stack = newTestStack();
  const reason = 'Session cache rebuilt from the EHR every night; a week of history is enough.';
  const table = new PhiTable(stack, 'Sessions', {
    partitionKey,
    pointInTimeRecoveryDays: 7,
    shorterPointInTimeRecovery: { reason },
  });

  test('keeps the shorter window and records it as a relaxation for the report', () => {
    Template.fromStack(stack).hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 },
    });
    expect(relaxationsOf(table)).toEqual([
      { citation: '164.308(a)(7)(ii)(A)', setting: 'pointInTimeRecoveryDays: 7', reason },
    ]);
  });
});

describe('PhiTable rejects insecure or invalid props', () => {
  const build = (props: Partial<PhiTableProps>) => () =>
    new PhiTable(newTestStack(), 'Events', { partitionKey, ...props });

  test('rejects a DESTROY removal policy', () => {
    expect(build({ removalPolicy: RemovalPolicy.DESTROY })).toThrow(
      /TestStack\/Events: 'removalPolicy' must be one of .* \(164\.312\(c\)\(1\)\), got "destroy"/,
    );
  });

  test.each([0, 36])('rejects a point-in-time recovery window of %p days', (days) => {
    expect(build({ pointInTimeRecoveryDays: days })).toThrow(
      new RegExp(
        `'pointInTimeRecoveryDays' must be an integer from 1 to 35 \\(164\\.308\\(a\\)\\(7\\)\\(ii\\)\\(A\\)\\), got ${days}`,
      ),
    );
  });

  test('rejects a point-in-time recovery window under 35 days without a declared relaxation', () => {
    expect(build({ pointInTimeRecoveryDays: 1 })).toThrow(
      /TestStack\/Events: 'pointInTimeRecoveryDays' must be 35 unless shorterPointInTimeRecovery: \{ reason \} declares the relaxation \(164\.308\(a\)\(7\)\(ii\)\(A\)\), got 1/,
    );
  });

  test('rejects a boilerplate relaxation reason, and a relaxation with nothing to relax', () => {
    expect(build({ pointInTimeRecoveryDays: 7, shorterPointInTimeRecovery: { reason: 'n/a' } })).toThrow(
      /'shorterPointInTimeRecovery\.reason' must be a specific reason of at least 20 characters, not boilerplate \(164\.308\(a\)\(7\)\(ii\)\(A\)\), got "n\/a"/,
    );
    expect(build({ shorterPointInTimeRecovery: { reason: 'x'.repeat(30) } })).toThrow(
      /'shorterPointInTimeRecovery' must be absent when pointInTimeRecoveryDays is 35/,
    );
  });

  test('rejects a recovery window that is an unresolved token', () => {
    expect(build({ pointInTimeRecoveryDays: Token.asNumber(Lazy.number({ produce: () => 7 })) })).toThrow(
      /got an unresolved token/,
    );
  });
});
