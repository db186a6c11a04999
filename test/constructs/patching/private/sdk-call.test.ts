import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as cr from 'aws-cdk-lib/custom-resources';
import { SDK_CALL_PROVIDER_ID, SdkCall } from '../../../../constructs/patching/private/sdk-call';
import { newTestStack } from '../../../helpers/app';

const call: cr.AwsSdkCall = {
  service: 'EC2',
  action: 'enableEbsEncryptionByDefault',
  physicalResourceId: cr.PhysicalResourceId.of('ebs'),
};
const statement = () =>
  new iam.PolicyStatement({ actions: ['ec2:EnableEbsEncryptionByDefault'], resources: ['*'] });

describe('SdkCall', () => {
  test('hides API responses from the provider log and depends on its own managed policy', () => {
    const stack = newTestStack();
    const sdkCall = new SdkCall(stack, 'Call', { onCreate: call, statements: [statement()] });
    const template = Template.fromStack(stack);
    template.hasResource('Custom::AWS', {
      Properties: Match.objectLike({ Create: Match.stringLikeRegexp('"logApiResponseData":false') }),
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('^CallPolicy')]),
    });
    expect(sdkCall.policy.node.id).toBe('Policy');
  });

  test('shares one provider, role and log group across the calls of a stack', () => {
    const stack = newTestStack();
    new SdkCall(stack, 'First', { onCreate: call, statements: [statement()] });
    new SdkCall(stack, 'Second', { onCreate: call, statements: [statement()] });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    template.resourcePropertiesCountIs(
      'AWS::IAM::ManagedPolicy',
      { Roles: [{ Ref: Match.stringLikeRegexp('^HipaaSdkCallProviderRole') }] },
      3,
    );
  });

  test('attaches its policy to the role of a provider another AwsCustomResource created first', () => {
    const stack = newTestStack();
    new cr.AwsCustomResource(stack, 'Earlier', {
      onCreate: call,
      policy: cr.AwsCustomResourcePolicy.fromStatements([statement()]),
      installLatestAwsSdk: false,
    });
    new SdkCall(stack, 'Later', { onCreate: call, statements: [statement()] });
    const providerRole = stack.node.findChild(SDK_CALL_PROVIDER_ID).node.findChild('ServiceRole');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    expect(stack.node.tryFindChild('HipaaSdkCallProvider')).toBeUndefined();
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: stack.getLogicalId(providerRole.node.defaultChild as iam.CfnRole) }],
    });
  });
});
