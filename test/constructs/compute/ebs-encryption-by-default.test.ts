import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { EbsEncryptionByDefault } from '../../../constructs/compute/ebs-encryption-by-default';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';

describe('EbsEncryptionByDefault at its defaults', () => {
  const stack = newTestStack();
  const ebs = new EbsEncryptionByDefault(stack, 'Ebs');
  const template = Template.fromStack(stack);
  const calls = Object.values(template.findResources('Custom::AWS')).map((r) =>
    JSON.stringify((r as { Properties: unknown }).Properties),
  );

  test('turns on encryption by default and sets its own rotating CMK as the default key', () => {
    expect(calls.some((c) => c.includes('enableEbsEncryptionByDefault'))).toBe(true);
    expect(calls.some((c) => c.includes('modifyEbsDefaultKmsKeyId') && c.includes('EbsKey'))).toBe(true);
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/phi/TestStack/ebs-default' });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('resets the default key to aws/ebs on removal but never turns encryption by default off', () => {
    expect(calls.some((c) => c.includes('resetEbsDefaultKmsKeyId'))).toBe(true);
    expect(calls.join()).not.toContain('disableEbsEncryptionByDefault');
  });

  test('grants each call only its EC2 actions, with Resource * only where EC2 demands it', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [{ Action: 'ec2:EnableEbsEncryptionByDefault', Effect: 'Allow', Resource: '*' }],
      },
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          {
            Action: ['ec2:ModifyEbsDefaultKmsKeyId', 'ec2:ResetEbsDefaultKmsKeyId'],
            Effect: 'Allow',
            Resource: '*',
          },
          {
            Action: 'kms:DescribeKey',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EbsKey'), 'Arn'] },
          },
        ],
      },
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('does not name the Auto Scaling service-linked role unless asked', () => {
    expect(JSON.stringify(template.toJSON())).not.toContain('AWSServiceRoleForAutoScaling');
  });

  test('has no unacknowledged findings; the account-level wildcard carries its reason', () => {
    expectNoUnacknowledgedFindings(ebs);
    expectNoUnacknowledgedFindings(stack);
  });
});

describe('EbsEncryptionByDefault options', () => {
  test('lets the Auto Scaling service-linked role use the key, with grants only for AWS resources', () => {
    const stack = newTestStack();
    new EbsEncryptionByDefault(stack, 'Ebs', { allowAutoScaling: true });
    const role =
      'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling';
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'AllowAutoScalingToUseTheDefaultEbsKey', Principal: { AWS: role } }),
          Match.objectLike({
            Sid: 'AllowAutoScalingToGrantForVolumes',
            Action: 'kms:CreateGrant',
            Condition: { Bool: { 'kms:GrantIsForAWSResource': true } },
          }),
        ]),
      },
    });
  });
});

describe('the compliance helper can fail for account-setting calls', () => {
  test('an AwsCustomResource with the generated wildcard policy is flagged', () => {
    const stack = newTestStack();
    new cr.AwsCustomResource(stack, 'Plain', {
      onCreate: {
        service: 'EC2',
        action: 'enableEbsEncryptionByDefault',
        physicalResourceId: cr.PhysicalResourceId.of('ebs'),
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
      installLatestAwsSdk: false,
    });
    expect(collectUnacknowledgedFindings(stack).map((f) => f.ruleName)).toEqual(
      expect.arrayContaining([
        'HIPAA.Security-IAMNoInlinePolicy',
        'AwsSolutions-IAM5[Resource::*]',
        'HIPAA.Security-LambdaConcurrency',
      ]),
    );
  });
});
