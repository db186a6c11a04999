import { VpcResolverQueryLogging } from '../../../../../lib/compliance/rules/route53resolver/query-logging';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

/** What PhiVpc renders: the destination is an ARN built from the log group's name. */
const compliant = [
  stackTemplate('Network', {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    QueryLogsKey: { Type: 'AWS::KMS::Key', Properties: {} },
    QueryLogs: {
      Type: 'AWS::Logs::LogGroup',
      Properties: { KmsKeyId: { 'Fn::GetAtt': ['QueryLogsKey', 'Arn'] }, RetentionInDays: 2192 },
    },
    QueryLogConfig: {
      Type: 'AWS::Route53Resolver::ResolverQueryLoggingConfig',
      Properties: {
        DestinationArn: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':logs:us-east-1:111122223333:log-group:',
              { Ref: 'QueryLogs' },
            ],
          ],
        },
      },
    },
    QueryLogAssociation: {
      Type: 'AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation',
      Properties: {
        ResolverQueryLogConfigId: { 'Fn::GetAtt': ['QueryLogConfig', 'Id'] },
        ResourceId: { Ref: 'Vpc' },
      },
    },
  }),
];

export const fixture: RuleFixture = {
  rule: VpcResolverQueryLogging,
  compliant,
  bad: [
    {
      name: 'the association removed',
      templates: mutate(compliant, (_r, t) => {
        for (const stack of t)
          delete (stack.template.Resources as Record<string, unknown>).QueryLogAssociation;
      }),
      path: 'Properties',
    },
    {
      name: 'the query-log group is not encrypted',
      templates: mutate(compliant, (r) => deleteProperty(r.QueryLogs, 'KmsKeyId')),
    },
    {
      name: 'the query-log group keeps records one year',
      templates: mutate(compliant, (r) => setProperty(r.QueryLogs, 'RetentionInDays', 365)),
    },
    {
      name: 'query logs go to a bucket, not a log group',
      templates: mutate(compliant, (r) =>
        setProperty(r.QueryLogConfig, 'DestinationArn', 'arn:aws:s3:::some-bucket'),
      ),
    },
    {
      name: 'the destination comes from a parameter without a default',
      templates: mutate(compliant, (r, t) => {
        (t[0]?.template as { Parameters?: unknown }).Parameters = { Destination: { Type: 'String' } };
        setProperty(r.QueryLogConfig, 'DestinationArn', { Ref: 'Destination' });
      }),
      expect: 'unverified',
    },
  ],
};
