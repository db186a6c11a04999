import { accessLogFormat } from '../../../../../constructs/api/private/access-log-format';
import { ApiGatewayStageLogging } from '../../../../../lib/compliance/rules/apigateway/stage-logging';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

const allMethods = {
  HttpMethod: '*',
  ResourcePath: '/*',
  LoggingLevel: 'ERROR',
  DataTraceEnabled: false,
  MetricsEnabled: true,
  ThrottlingRateLimit: 100,
  ThrottlingBurstLimit: 200,
};
const compliant = [
  stackTemplate('Api', {
    Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'patients' } },
    AccessLogs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 2192 } },
    Stage: {
      Type: 'AWS::ApiGateway::Stage',
      Properties: {
        RestApiId: { Ref: 'Api' },
        StageName: 'prod',
        // The format PhiApi writes.
        AccessLogSetting: {
          DestinationArn: { 'Fn::GetAtt': ['AccessLogs', 'Arn'] },
          Format: accessLogFormat(),
        },
        MethodSettings: [allMethods, { HttpMethod: 'GET', ResourcePath: '/~1records', LoggingLevel: 'INFO' }],
        TracingEnabled: true,
      },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: ApiGatewayStageLogging,
  compliant,
  bad: [
    {
      name: 'no access log setting',
      templates: mutate(compliant, (r) => deleteProperty(r.Stage, 'AccessLogSetting')),
      path: 'AccessLogSetting.DestinationArn',
    },
    {
      name: 'access logs in the common log format rather than JSON',
      templates: mutate(compliant, (r) =>
        setProperty(
          r.Stage,
          'AccessLogSetting.Format',
          '$context.identity.sourceIp $context.identity.caller [$context.requestTime] "$context.httpMethod $context.resourcePath" $context.status $context.requestId',
        ),
      ),
      path: 'AccessLogSetting.Format',
    },
    {
      name: 'a JSON access log without the source IP',
      templates: mutate(compliant, (r) =>
        setProperty(
          r.Stage,
          'AccessLogSetting.Format',
          '{"requestId":"$context.requestId","requestTime":"$context.requestTime","httpMethod":"$context.httpMethod","resourcePath":"$context.resourcePath","status":"$context.status"}',
        ),
      ),
      path: 'AccessLogSetting.Format',
    },
    {
      name: 'full request and response data logged',
      templates: mutate(compliant, (r) => setProperty(r.Stage, 'MethodSettings.0.DataTraceEnabled', true)),
      path: 'MethodSettings[0].DataTraceEnabled',
    },
    {
      name: 'execution logging turned off for one method',
      templates: mutate(compliant, (r) => setProperty(r.Stage, 'MethodSettings.1.LoggingLevel', 'OFF')),
      path: 'MethodSettings[1].LoggingLevel',
    },
    {
      name: 'no execution logging for all methods',
      templates: mutate(compliant, (r) => deleteProperty(r.Stage, 'MethodSettings.0.LoggingLevel')),
      path: 'MethodSettings[0].LoggingLevel',
    },
    {
      name: 'no throttling',
      templates: mutate(compliant, (r) => deleteProperty(r.Stage, 'MethodSettings.0.ThrottlingRateLimit')),
      path: 'MethodSettings[0].ThrottlingRateLimit',
    },
    {
      name: 'no */* method settings at all',
      templates: mutate(compliant, (r) => deleteProperty(r.Stage, 'MethodSettings')),
      path: 'MethodSettings',
    },
    {
      name: 'tracing off',
      templates: mutate(compliant, (r) => setProperty(r.Stage, 'TracingEnabled', false)),
      path: 'TracingEnabled',
    },
  ],
};
