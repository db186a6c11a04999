import { Duration, type Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { PhiApi, type PhiApiProps } from '../../../constructs/api/phi-api';
import { RetentionProfile } from '../../../constructs/core/retention';
import { PhiWebAcl } from '../../../constructs/edge/phi-web-acl';
import { AppUserPool } from '../../../constructs/identity/app-user-pool';
import { PermissionsBoundary } from '../../../constructs/identity/permissions-boundary';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';

const POOL_ARN = 'arn:aws:cognito-idp:us-east-1:111122223333:userpool/us-east-1_Example1';
const CERT_ARN = 'arn:aws:acm:us-east-1:111122223333:certificate/0f0e0d0c-0b0a-0908-0706-050403020100';
const backend = new apigateway.MockIntegration();

/** PhiApi props with a Cognito authorization from an imported user pool. */
const cognitoAuth = (stack: Stack): PhiApiProps => ({
  authorization: { cognito: { userPools: [cognito.UserPool.fromUserPoolArn(stack, 'Pool', POOL_ARN)] } },
});

/** A PhiApi in a new stack with one GET method added afterwards, as an app does. */
function apiWith(props: (stack: Stack) => PhiApiProps) {
  const stack = newTestStack();
  const api = new PhiApi(stack, 'PatientApi', props(stack));
  api.api.root.addResource('records').addMethod('GET', backend);
  return { stack, api };
}

describe('PhiApi at its defaults', () => {
  const stack = newTestStack();
  PermissionsBoundary.applyTo(stack, new PermissionsBoundary(stack, 'Boundary'));
  const users = new AppUserPool(stack, 'AppUsers');
  const api = new PhiApi(stack, 'PatientApi', {
    authorization: { cognito: { userPools: [users.userPool] } },
  });
  const records = api.api.root.addResource('records');
  records.addMethod('GET', backend);
  records.addResource('{id}').addMethod('PUT', backend);
  const template = Template.fromStack(stack);
  const stage = () =>
    Object.values(template.findResources('AWS::ApiGateway::Stage'))[0] as {
      Properties: Record<string, unknown>;
      DependsOn: string[];
    };

  test('puts the Cognito authorizer and the request validator on every method, later ones included', () => {
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'COGNITO_USER_POOLS',
      ProviderARNs: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^AppUsers'), 'Arn'] }],
    });
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
    const methods = Object.values(template.findResources('AWS::ApiGateway::Method'));
    expect(methods).toHaveLength(2);
    for (const method of methods) {
      expect(method.Properties).toMatchObject({
        AuthorizationType: 'COGNITO_USER_POOLS',
        AuthorizerId: { Ref: expect.stringMatching(/^PatientApiAuthorizer/) },
        RequestValidatorId: { Ref: expect.stringMatching(/^PatientApi.*RequestValidator/) },
      });
    }
  });

  test('is a REGIONAL API without a resource policy; the default endpoint answers when there is no domain', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Name: 'PatientApi',
      EndpointConfiguration: { Types: ['REGIONAL'] },
      DisableExecuteApiEndpoint: false,
      Policy: Match.absent(),
    });
    template.resourceCountIs('AWS::ApiGateway::DomainName', 0);
  });

  test('writes JSON access logs of who, what, when and outcome, without paths, headers or bodies', () => {
    const setting = stage().Properties.AccessLogSetting as { Format: string; DestinationArn: unknown };
    const format = JSON.parse(setting.Format);
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      caller: '$context.identity.caller',
      user: '$context.identity.user',
      requestTime: '$context.requestTime',
      httpMethod: '$context.httpMethod',
      resourcePath: '$context.resourcePath',
      status: '$context.status',
      protocol: '$context.protocol',
      responseLength: '$context.responseLength',
      authorizerError: '$context.authorizer.error',
    });
    expect(setting.Format).not.toMatch(/\$context\.path|\$input|requestOverride|\.querystring/);
    expect(JSON.stringify(setting.DestinationArn)).toContain('PatientApiAccessLogsLogGroup');
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PatientApiLogsKey'), 'Arn'] },
        RetentionInDays: 2192,
        LogGroupName: Match.absent(),
      },
      DeletionPolicy: 'Retain',
    });
  });

  test('logs execution at ERROR without request data, to an encrypted six-year group created before the stage', () => {
    expect(stage().Properties).toMatchObject({
      MethodSettings: [
        {
          HttpMethod: '*',
          ResourcePath: '/*',
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
          MetricsEnabled: true,
          ThrottlingRateLimit: 100,
          ThrottlingBurstLimit: 200,
        },
      ],
      TracingEnabled: true,
    });
    expect(stage().Properties.CacheClusterEnabled).toBeUndefined();
    expect(stage().Properties.ClientCertificateId).toBeUndefined();
    const [id] = Object.keys(
      template.findResources('AWS::Logs::LogGroup', {
        Properties: {
          LogGroupName: {
            'Fn::Join': ['', ['API-Gateway-Execution-Logs_', { Ref: Match.anyValue() }, '/prod']],
          },
          KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PatientApiLogsKey'), 'Arn'] },
          RetentionInDays: 2192,
        },
        DeletionPolicy: 'Retain',
      }),
    );
    expect(stage().DependsOn).toContain(id);
  });

  test('associates a new PhiWebAcl with the stage', () => {
    template.resourceCountIs('AWS::WAFv2::WebACL', 1);
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: {
        'Fn::Join': [
          '',
          [
            'arn:aws:apigateway:us-east-1::/restapis/',
            { Ref: Match.stringLikeRegexp('^PatientApi') },
            '/stages/',
            { Ref: Match.stringLikeRegexp('^PatientApi.*DeploymentStageprod') },
          ],
        ],
      },
      WebACLArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PatientApiWebAcl'), 'Arn'] },
    });
  });

  test('sets the account CloudWatch role as CDK does, retained and under the permissions boundary', () => {
    template.resourceCountIs('AWS::ApiGateway::Account', 1);
    template.hasResource('AWS::IAM::Role', {
      Properties: {
        AssumeRolePolicyDocument: Match.objectLike({
          Statement: [Match.objectLike({ Principal: { Service: 'apigateway.amazonaws.com' } })],
        }),
        PermissionsBoundary: Match.anyValue(),
      },
      DeletionPolicy: 'Retain',
    });
  });

  test('has no unacknowledged findings', () => {
    expectNoUnacknowledgedFindings(stack);
  });
});

describe('PhiApi methods added by the app are checked at synth', () => {
  test('fails if a method added later has AuthorizationType NONE', () => {
    const { stack, api } = apiWith(cognitoAuth);
    api.api.root
      .addResource('open')
      .addMethod('GET', backend, { authorizationType: apigateway.AuthorizationType.NONE });
    expect(() => Template.fromStack(stack)).toThrow(
      /TestStack\/PatientApi\/Api\/Default\/open\/GET\/Resource: method GET \/open must have an authorizer \(164\.312\(d\), 164\.312\(a\)\(1\)\), got AuthorizationType "NONE"; remove its 'authorizationType: NONE'/,
    );
  });

  test('fails if an override removes the authorizer', () => {
    const { stack, api } = apiWith(cognitoAuth);
    const method = api.api.methods[0]?.node.defaultChild as apigateway.CfnMethod;
    method.addPropertyOverride('AuthorizationType', 'NONE');
    expect(() => Template.fromStack(stack)).toThrow(/method GET \/records must have an authorizer/);
  });

  test('accepts the CORS preflights of declared CORS, and nothing else without an authorizer', () => {
    const { stack } = apiWith((s) => ({
      ...cognitoAuth(s),
      cors: { allowOrigins: ['https://portal.example.org'] },
    }));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'OPTIONS',
      AuthorizationType: 'NONE',
      Integration: Match.objectLike({ Type: 'MOCK' }),
      RequestValidatorId: Match.absent(),
    });

    const { stack: noCors, api } = apiWith(cognitoAuth);
    api.api.root.addCorsPreflight({ allowOrigins: ['https://portal.example.org'] });
    expect(() => Template.fromStack(noCors)).toThrow(
      /method OPTIONS \/ must have an authorizer .*declare the PhiApi cors prop instead/,
    );
  });
});

describe('PhiApi options', () => {
  test('IAM authorization: AWS_IAM on every method, no authorizer, COG4 acknowledged', () => {
    const { stack } = apiWith(() => ({ authorization: { iam: true } }));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::Method', { AuthorizationType: 'AWS_IAM' });
    template.resourceCountIs('AWS::ApiGateway::Authorizer', 0);
    expect(collectUnacknowledgedFindings(stack).map((f) => f.ruleName)).toEqual([]);
  });

  test('a Lambda authorizer is a token authorizer, or a request authorizer with identity sources', () => {
    const { stack } = apiWith((s) => ({
      authorization: { lambda: lambda.Function.fromFunctionName(s, 'Fn', 'authorize') },
    }));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN',
      IdentitySource: 'method.request.header.Authorization',
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', { AuthorizationType: 'CUSTOM' });

    const { stack: request } = apiWith((s) => ({
      authorization: {
        lambda: lambda.Function.fromFunctionName(s, 'Fn', 'authorize'),
        identitySources: ['method.request.header.X-Api-Token'],
      },
    }));
    Template.fromStack(request).hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'REQUEST',
      IdentitySource: 'method.request.header.X-Api-Token',
    });
  });

  test('Cognito scopes are required on every method', () => {
    const { stack } = apiWith((s) => ({
      authorization: {
        cognito: {
          userPools: [cognito.UserPool.fromUserPoolArn(s, 'Pool', POOL_ARN)],
          scopes: ['patients/records.read'],
        },
      },
    }));
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Method', {
      AuthorizationScopes: ['patients/records.read'],
    });
  });

  test('a private endpoint is PRIVATE and invocable only through the VPC endpoint; WAF stays on', () => {
    const { stack } = apiWith((s) => ({
      authorization: { iam: true },
      endpoint: {
        private: {
          vpcEndpoint: ec2.InterfaceVpcEndpoint.fromInterfaceVpcEndpointAttributes(s, 'Endpoint', {
            vpcEndpointId: 'vpce-0123456789abcdef0',
            port: 443,
          }),
        },
      },
    }));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['PRIVATE'], VpcEndpointIds: ['vpce-0123456789abcdef0'] },
      Policy: {
        Statement: [
          {
            Sid: 'DenyOutsideTheVpcEndpoint',
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'execute-api:Invoke',
            Resource: 'execute-api:/*',
            Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' } },
          },
          {
            Sid: 'AllowThroughTheVpcEndpoint',
            Effect: 'Allow',
            // IAM authorization: this account's principals, with their IAM policies.
            Principal: { AWS: 'arn:aws:iam::111122223333:root' },
            Action: 'execute-api:Invoke',
            Resource: 'execute-api:/*',
            Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0123456789abcdef0' } },
          },
        ],
      },
    });
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
  });

  test('a custom domain is REGIONAL with TLS 1.2, mapped to the stage, and disables the default endpoint', () => {
    const { stack } = apiWith((s) => ({
      ...cognitoAuth(s),
      domain: {
        domainName: 'api.example.org',
        certificate: acm.Certificate.fromCertificateArn(s, 'Cert', CERT_ARN),
      },
    }));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'api.example.org',
      EndpointConfiguration: { Types: ['REGIONAL'] },
      RegionalCertificateArn: CERT_ARN,
      SecurityPolicy: 'TLS_1_2',
    });
    template.hasResourceProperties('AWS::ApiGateway::BasePathMapping', {
      RestApiId: { Ref: Match.stringLikeRegexp('^PatientApi') },
      Stage: { Ref: Match.stringLikeRegexp('^PatientApi.*DeploymentStageprod') },
    });
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { DisableExecuteApiEndpoint: true });
    expect(
      collectUnacknowledgedFindings(stack).filter((f) => f.ruleName.includes('ApiGatewayDomainTls')),
    ).toEqual([]);
  });

  test('a cache is encrypted, with a warning to key it on the caller; a client certificate is on the stage', () => {
    const { stack, api } = apiWith((s) => ({
      ...cognitoAuth(s),
      cache: { clusterSize: '1.6', ttl: Duration.minutes(1) },
      clientCertificate: true,
      executionLoggingLevel: apigateway.MethodLoggingLevel.INFO,
    }));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      CacheClusterEnabled: true,
      CacheClusterSize: '1.6',
      ClientCertificateId: {
        'Fn::GetAtt': [Match.stringLikeRegexp('^PatientApiClientCertificate'), 'ClientCertificateId'],
      },
      MethodSettings: [
        Match.objectLike({
          LoggingLevel: 'INFO',
          CachingEnabled: true,
          CacheDataEncrypted: true,
          CacheTtlInSeconds: 60,
        }),
      ],
    });
    Annotations.fromStack(stack).hasWarning(
      `/${api.node.path}`,
      Match.stringLikeRegexp('add the caller identity .* to every cached method'),
    );
  });

  test('APIs of one stack share a web ACL when given one, and one account CloudWatch setting', () => {
    const stack = newTestStack();
    const webAcl = new PhiWebAcl(stack, 'EdgeWaf');
    const { authorization } = cognitoAuth(stack);
    for (const id of ['Records', 'Scheduling']) {
      new PhiApi(stack, id, { authorization, webAcl }).api.root.addMethod('GET', backend);
    }
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::WAFv2::WebACL', 1);
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 2);
    template.resourceCountIs('AWS::ApiGateway::Account', 1);
    const stages = Object.values(template.findResources('AWS::ApiGateway::Stage'));
    const [account] = Object.keys(template.findResources('AWS::ApiGateway::Account'));
    for (const s of stages) expect(s.DependsOn).toContain(account);
  });
});

describe('PhiApi rejects insecure props', () => {
  const build = (props: (stack: Stack) => Partial<PhiApiProps>) => () => {
    const stack = newTestStack();
    return new PhiApi(stack, 'PatientApi', { ...cognitoAuth(stack), ...props(stack) } as PhiApiProps);
  };
  const AUTH = '\\(164\\.312\\(d\\), 164\\.312\\(a\\)\\(1\\)\\)';

  test.each([
    ['absent', undefined, 'undefined'],
    ['empty', {}, '\\{\\}'],
    ['two kinds at once', { iam: true, lambda: undefined, cognito: { userPools: [] } }, '\\{"iam":true'],
  ])('fails if authorization is %s', (_, authorization, got) => {
    expect(build(() => ({ authorization: authorization as never }))).toThrow(
      new RegExp(
        `TestStack/PatientApi: 'authorization' must be exactly one of \\{ cognito: \\{ userPools: \\[pool\\] \\} \\}, \\{ iam: true \\} or \\{ lambda: fn \\}: every method needs an authorizer ${AUTH}, got ${got}`,
      ),
    );
  });

  test('fails if the Cognito authorizer has no user pool, or a scope is malformed', () => {
    expect(build(() => ({ authorization: { cognito: { userPools: [] } } }))).toThrow(
      new RegExp(
        `'authorization\\.cognito\\.userPools' must be a non-empty list of Cognito user pools .* ${AUTH}, got \\[\\]`,
      ),
    );
    expect(
      build((s) => ({
        authorization: {
          cognito: { userPools: [cognito.UserPool.fromUserPoolArn(s, 'P', POOL_ARN)], scopes: ['read all'] },
        },
      })),
    ).toThrow(
      /'authorization\.cognito\.scopes' must be a non-empty list of literal OAuth scopes without spaces .* got \["read all"\]/,
    );
  });

  test('fails if iam is not true, or a Lambda authorizer reads credentials from the query string', () => {
    expect(build(() => ({ authorization: { iam: false as never } }))).toThrow(
      new RegExp(
        `'authorization\\.iam' must be true \\(SigV4-signed requests, authorized by IAM policies\\) ${AUTH}, got false`,
      ),
    );
    expect(
      build((s) => ({
        authorization: {
          lambda: lambda.Function.fromFunctionName(s, 'Fn', 'authorize'),
          identitySources: ['method.request.querystring.token'],
        },
      })),
    ).toThrow(
      /'authorization\.identitySources' must be .*credentials in a query string end up in logs.* got \["method\.request\.querystring\.token"\]/,
    );
  });

  test.each([
    ['throttlingRateLimit', 0, 'an integer from 1 to 10000'],
    ['throttlingRateLimit', 20000, 'an integer from 1 to 10000'],
    ['throttlingBurstLimit', 10000, 'an integer from 1 to 5000'],
  ])('fails if %s is %p', (prop, value, allowed) => {
    expect(build(() => ({ [prop]: value }))).toThrow(
      new RegExp(`'${prop}' must be ${allowed} \\(164\\.308\\(a\\)\\(1\\)\\(ii\\)\\(B\\)\\), got ${value}`),
    );
  });

  test('fails if execution logging is off, or logs are kept less than six years', () => {
    expect(build(() => ({ executionLoggingLevel: apigateway.MethodLoggingLevel.OFF }))).toThrow(
      /'executionLoggingLevel' must be one of "ERROR", "INFO" \(164\.312\(b\)\), got "OFF"/,
    );
    expect(build(() => ({ logRetention: { days: 30 } as unknown as RetentionProfile }))).toThrow(
      /'logRetention' must be a RetentionProfile of at least 2192 days .* \(164\.316\(b\)\(2\)\(i\)\)/,
    );
  });

  test.each([[['*']], [['http://portal.example.org']]])('fails if CORS allows origins %j', (allowOrigins) => {
    expect(build(() => ({ cors: { allowOrigins } }))).toThrow(
      /'cors\.allowOrigins' must be a non-empty list of literal https:\/\/ origins .*never "\*".* \(164\.312\(a\)\(1\)\), got \[/,
    );
  });

  test('fails if the domain name is uppercase, or a private API asks for a custom domain', () => {
    const certificate = (s: Stack) => acm.Certificate.fromCertificateArn(s, 'Cert', CERT_ARN);
    expect(
      build((s) => ({ domain: { domainName: 'API.Example.org', certificate: certificate(s) } })),
    ).toThrow(
      /'domain\.domainName' must be a lowercase DNS name, e\.g\. "api\.example\.org" .* \(164\.312\(e\)\(1\)\), got "API\.Example\.org"/,
    );
    expect(
      build((s) => ({
        domain: { domainName: 'api.example.org', certificate: certificate(s) },
        endpoint: {
          private: {
            vpcEndpoint: ec2.InterfaceVpcEndpoint.fromInterfaceVpcEndpointAttributes(s, 'E', {
              vpcEndpointId: 'vpce-0123456789abcdef0',
              port: 443,
            }),
          },
        },
      })),
    ).toThrow(/'domain' must be absent for a private API: .*DomainNameV2.* got "api\.example\.org"/);
  });

  test('fails if the cache size or time-to-live is not one API Gateway offers, or the stage name is malformed', () => {
    expect(build(() => ({ cache: { clusterSize: '2', ttl: Duration.hours(2) } }))).toThrow(
      /'cache\.clusterSize' must be one of "0\.5", .* got "2"\n.*'cache\.ttl' must be a duration of whole seconds from 0 seconds to 1 hour \(164\.312\(a\)\(1\)\), got "2 hours"/,
    );
    expect(build(() => ({ stageName: 'prod-1' }))).toThrow(
      /'stageName' must be a literal stage name .* got "prod-1"/,
    );
  });
});

describe('the compliance helper can fail for APIs', () => {
  test('a plain RestApi with an open method, and a PhiApi whose stage override logs request bodies, are flagged', () => {
    const stack = newTestStack();
    const plain = new apigateway.RestApi(stack, 'Plain', { cloudWatchRole: false });
    plain.root.addMethod('GET', backend);
    const { stack: phiStack, api } = apiWith(cognitoAuth);
    (api.stage.node.defaultChild as apigateway.CfnStage).addPropertyOverride(
      'MethodSettings.0.DataTraceEnabled',
      true,
    );
    const rules = collectUnacknowledgedFindings(stack).map((f) => f.ruleName);
    expect(rules).toEqual(
      expect.arrayContaining([
        'AwsSolutions-APIG4',
        'TemplateEvidence-ApiGatewayMethodAuthorization',
        'TemplateEvidence-ApiGatewayStageLogging',
      ]),
    );
    expect(collectUnacknowledgedFindings(phiStack).map((f) => f.ruleName)).toEqual([
      'TemplateEvidence-ApiGatewayStageLogging',
    ]);
  });
});
