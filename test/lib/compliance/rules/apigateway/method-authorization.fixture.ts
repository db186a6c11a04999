import { ApiGatewayMethodAuthorization } from '../../../../../lib/compliance/rules/apigateway/method-authorization';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

const api = { Ref: 'Api' };
const lambdaIntegration = { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST', Uri: 'arn:aws:apigateway:…' };
const compliant = [
  stackTemplate('Api', {
    Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'patients' } },
    Authorizer: {
      Type: 'AWS::ApiGateway::Authorizer',
      Properties: { RestApiId: api, Type: 'COGNITO_USER_POOLS', Name: 'pool' },
    },
    GetRecords: {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        RestApiId: api,
        HttpMethod: 'GET',
        AuthorizationType: 'COGNITO_USER_POOLS',
        AuthorizerId: { Ref: 'Authorizer' },
        Integration: lambdaIntegration,
      },
    },
    PostRecords: {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        RestApiId: api,
        HttpMethod: 'POST',
        AuthorizationType: 'AWS_IAM',
        Integration: lambdaIntegration,
      },
    },
    // A CORS preflight answered by API Gateway itself: not judged.
    Preflight: {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        RestApiId: api,
        HttpMethod: 'OPTIONS',
        AuthorizationType: 'NONE',
        Integration: { Type: 'MOCK' },
      },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: ApiGatewayMethodAuthorization,
  compliant,
  bad: [
    {
      name: 'a method set to AuthorizationType NONE',
      templates: mutate(compliant, (r) => setProperty(r.GetRecords, 'AuthorizationType', 'NONE')),
      path: 'AuthorizationType',
    },
    {
      name: 'a method without AuthorizationType (NONE by default)',
      templates: mutate(compliant, (r) => deleteProperty(r.PostRecords, 'AuthorizationType')),
      path: 'AuthorizationType',
    },
    {
      name: 'a Cognito method that names no authorizer',
      templates: mutate(compliant, (r) => deleteProperty(r.GetRecords, 'AuthorizerId')),
      path: 'AuthorizerId',
    },
    {
      name: 'an OPTIONS method without an authorizer that reaches a Lambda backend',
      templates: mutate(compliant, (r) => setProperty(r.Preflight, 'Integration', lambdaIntegration)),
      path: 'AuthorizationType',
    },
    {
      name: 'the authorization type comes from a parameter without a default',
      templates: mutate(compliant, (r, t) => {
        setProperty(r.PostRecords, 'AuthorizationType', { Ref: 'AuthType' });
        Object.assign(t[0]?.template ?? {}, { Parameters: { AuthType: { Type: 'String' } } });
      }),
      expect: 'unverified',
    },
  ],
};
