import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { DefaultHostManagement } from '../../../constructs/patching/default-host-management';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';

const SETTING_ARN =
  'arn:aws:ssm:us-east-1:111122223333:servicesetting/ssm/managed-instance/default-ec2-instance-management-role';

describe('DefaultHostManagement', () => {
  const stack = newTestStack();
  const dhmc = new DefaultHostManagement(stack, 'HostManagement');
  const template = Template.fromStack(stack);

  test('creates a /service-role/ role trusted by Systems Manager with AmazonSSMManagedEC2InstanceDefaultPolicy', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      Path: '/service-role/',
      AssumeRolePolicyDocument: {
        Statement: [
          { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ssm.amazonaws.com' } },
        ],
      },
      ManagedPolicyArns: [
        {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonSSMManagedEC2InstanceDefaultPolicy'],
          ],
        },
      ],
    });
    expect(dhmc.settingArn).toBe(SETTING_ARN);
  });

  test('sets the default-ec2-instance-management-role service setting to that role, and resets it on delete', () => {
    const [resource] = Object.values(template.findResources('Custom::AWS')) as {
      Properties: { Create: unknown; Update: unknown; Delete: string };
    }[];
    const create = JSON.stringify(resource.Properties.Create);
    expect(create).toContain('updateServiceSetting');
    expect(create).toContain(SETTING_ARN);
    expect(create).toContain('service-role/');
    expect(JSON.stringify(resource.Properties.Update)).toContain('updateServiceSetting');
    expect(JSON.parse(resource.Properties.Delete)).toMatchObject({
      action: 'resetServiceSetting',
      parameters: { SettingId: SETTING_ARN },
      logApiResponseData: false,
    });
  });

  test('the custom resource may only manage that one setting and pass that one role to Systems Manager', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          {
            Action: ['ssm:GetServiceSetting', 'ssm:ResetServiceSetting', 'ssm:UpdateServiceSetting'],
            Effect: 'Allow',
            Resource: SETTING_ARN,
          },
          {
            Action: 'iam:PassRole',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^HostManagementRole'), 'Arn'] },
            Condition: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
          },
        ],
      },
    });
  });

  test('uses no inline policy and no AWS-managed policy for the provider, and logs it encrypted for six years', () => {
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      }),
      ManagedPolicyArns: Match.absent(),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^HipaaSdkCallProviderProviderLogs') } },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: Match.anyValue(),
      RetentionInDays: 2192,
    });
  });

  test('has no unacknowledged findings; the provider and managed-policy exceptions carry reasons', () => {
    expectNoUnacknowledgedFindings(stack);
  });
});

describe('the compliance helper can fail for custom resources', () => {
  test('a default AwsCustomResource is flagged for its inline wildcard policy and its provider', () => {
    const stack = newTestStack();
    new cr.AwsCustomResource(stack, 'Plain', {
      onCreate: {
        service: 'SSM',
        action: 'updateServiceSetting',
        physicalResourceId: cr.PhysicalResourceId.of('setting'),
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
      installLatestAwsSdk: false,
    });
    expect(collectUnacknowledgedFindings(stack).map((f) => f.ruleName)).toEqual(
      expect.arrayContaining([
        'HIPAA.Security-IAMNoInlinePolicy',
        'AwsSolutions-IAM5[Resource::*]',
        'HIPAA.Security-LambdaInsideVPC',
      ]),
    );
  });
});
