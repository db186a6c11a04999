import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  HardenedFunction,
  type HardenedFunctionProps,
  SUPPORTED_FUNCTION_RUNTIMES,
} from '../../../constructs/compute/hardened-function';
import { PhiVpc } from '../../../constructs/network/phi-vpc';
import { PhiBucket } from '../../../constructs/storage/phi-bucket';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';
import { unreplicated } from '../../helpers/phi-bucket-props';

const code = lambda.Code.fromInline('exports.handler = async () => ({ ok: true });');

describe('HardenedFunction at its defaults', () => {
  const stack = newTestStack();
  const network = new PhiVpc(stack, 'Network');
  const reader = new HardenedFunction(stack, 'Reader', {
    vpc: network.vpc,
    code,
    handler: 'index.handler',
    runtime: lambda.Runtime.NODEJS_24_X,
    environment: { STAGE: 'test' },
  });
  const documents = new PhiBucket(stack, 'Documents', unreplicated());
  documents.grantRead(reader);
  const template = Template.fromStack(stack);

  test('runs in the application subnets with a security group that has no ingress', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      VpcConfig: {
        SubnetIds: [
          { Ref: Match.stringLikeRegexp('^NetworkVpcapplicationSubnet1') },
          { Ref: Match.stringLikeRegexp('^NetworkVpcapplicationSubnet2') },
        ],
        SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^ReaderSecurityGroup'), 'GroupId'] }],
      },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('TestStack/Reader'),
      SecurityGroupIngress: Match.absent(),
      SecurityGroupEgress: [Match.objectLike({ FromPort: 443, ToPort: 443 })],
    });
  });

  test('encrypts its environment with its CMK, traces actively and reserves 10 concurrent executions', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      KmsKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReaderKey'), 'Arn'] },
      TracingConfig: { Mode: 'Active' },
      ReservedConcurrentExecutions: 10,
      Environment: { Variables: { STAGE: 'test' } },
    });
  });

  test('sends failed events to a CMK-encrypted, TLS-only dead-letter queue kept 14 days', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      DeadLetterConfig: {
        TargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReaderDeadLetterQueue'), 'Arn'] },
      },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReaderKey'), 'Arn'] },
      MessageRetentionPeriod: 1209600,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('logs to its own encrypted log group kept six years', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^ReaderLogs') } },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReaderLogsKey'), 'Arn'] },
      RetentionInDays: 2192,
    });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/phi/TestStack/logs-reader' });
  });

  test('uses no AWS-managed and no inline policy; Resource * only for ENI and X-Ray actions', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      }),
      ManagedPolicyArns: Match.absent(),
      Policies: Match.absent(),
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
    // The function's own policies (the VPC's DNS Firewall lookup function has its own, judged in its tests).
    const wildcard = Object.entries(template.findResources('AWS::IAM::ManagedPolicy'))
      .filter(([logicalId]) => !logicalId.startsWith('Network'))
      .map(([, policy]) => policy)
      .flatMap(
        (p) =>
          (p as { Properties: { PolicyDocument: { Statement: { Action: string[]; Resource: unknown }[] } } })
            .Properties.PolicyDocument.Statement,
      )
      .filter((s) => s.Resource === '*');
    expect(wildcard.flatMap((s) => s.Action).every((a) => /^(ec2|xray):/.test(a))).toBe(true);
  });

  test('grants land in a customer-managed policy that reaches the bucket and its key', () => {
    const grants = JSON.stringify(
      Object.values(template.findResources('AWS::IAM::ManagedPolicy')).filter((p) =>
        JSON.stringify(p).includes('s3:GetObject*'),
      ),
    );
    expect(grants).toContain('kms:Decrypt');
    expect(reader.grantPrincipal).toBe(reader.role);
  });

  test('has no unacknowledged findings', () => {
    expectNoUnacknowledgedFindings(reader.function);
    expectNoUnacknowledgedFindings(reader.deadLetterQueue);
    expectNoUnacknowledgedFindings(reader.logGroup);
  });
});

describe('HardenedFunction rejects insecure or invalid props', () => {
  const build =
    (props: Partial<HardenedFunctionProps>, internetEgress = false) =>
    () => {
      const stack = newTestStack();
      const network = new PhiVpc(
        stack,
        'Network',
        internetEgress
          ? {
              internetEgress,
              unfilteredInternetEgress: {
                reason: 'A unit test VPC whose egress path is not what the test is about',
              },
            }
          : {},
      );
      return new HardenedFunction(stack, 'Reader', {
        vpc: network.vpc,
        code,
        handler: 'index.handler',
        runtime: lambda.Runtime.NODEJS_24_X,
        ...props,
      });
    };

  test.each([lambda.Runtime.NODEJS_16_X, lambda.Runtime.PYTHON_3_8, lambda.Runtime.NODEJS_20_X])(
    'rejects the deprecated runtime %s, naming the supported list',
    (runtime) => {
      expect(build({ runtime })).toThrow(
        new RegExp(
          `TestStack/Reader: 'runtime' must be a runtime AWS Lambda still patches: one of nodejs24\\.x, .*python3\\.13.* \\(164\\.308\\(a\\)\\(5\\)\\(ii\\)\\(B\\), 164\\.308\\(a\\)\\(1\\)\\(ii\\)\\(B\\)\\), got "${runtime.name.replace('.', '\\.')}"`,
        ),
      );
    },
  );

  test('accepts every runtime on the supported list', () => {
    for (const runtime of SUPPORTED_FUNCTION_RUNTIMES) {
      // Not every runtime takes inline code; code from template parameters fits all of them.
      expect(build({ runtime, code: lambda.Code.fromCfnParameters() })).not.toThrow();
    }
  });

  test('rejects reserved concurrency below 1', () => {
    expect(build({ reservedConcurrentExecutions: 0 })).toThrow(
      /TestStack\/Reader: 'reservedConcurrentExecutions' must be an integer from 1 to 1000 \(164\.308\(a\)\(1\)\(ii\)\(B\)\), got 0/,
    );
  });

  test('rejects memory and timeout outside what Lambda allows', () => {
    expect(build({ memorySize: 64, timeout: Duration.minutes(20) })).toThrow(
      /'memorySize' must be an integer from 128 to 10240 .* got 64\n.*'timeout' must be a duration of whole seconds from 1 second to 15 minutes .* got "20 minutes"/,
    );
  });

  test('rejects public subnets', () => {
    expect(build({ vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }, true)).toThrow(
      /TestStack\/Reader: 'vpcSubnets' must be at least one subnet, none of them public .* \(164\.312\(e\)\(1\)\)/,
    );
  });
});

describe('the compliance helper can fail for functions', () => {
  test('a default lambda.Function is flagged for concurrency, DLQ, VPC and its managed policy', () => {
    const stack = newTestStack();
    const plain = new lambda.Function(stack, 'Plain', {
      code,
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_24_X,
    });
    expect(collectUnacknowledgedFindings(plain).map((f) => f.ruleName)).toEqual(
      expect.arrayContaining([
        'HIPAA.Security-LambdaConcurrency',
        'HIPAA.Security-LambdaDLQ',
        'HIPAA.Security-LambdaInsideVPC',
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      ]),
    );
  });
});
