import { RdsAuroraActivityAuditing } from '../../../../../lib/compliance/rules/rds/aurora-activity-auditing';
import {
  deleteProperty,
  mutate,
  type RuleFixture,
  setProperty,
  stackTemplate,
} from '../../../../helpers/template-fixtures';

/** A cluster as PhiDatabase writes it: pgaudit in its parameter group, its log exported to an AuditLogGroup. */
const compliant = [
  stackTemplate('Data', {
    Key: { Type: 'AWS::KMS::Key', Properties: {} },
    Params: {
      Type: 'AWS::RDS::DBClusterParameterGroup',
      Properties: {
        Family: 'aurora-postgresql17',
        Parameters: {
          'rds.force_ssl': '1',
          log_connections: '1',
          log_disconnections: '1',
          shared_preload_libraries: 'pg_stat_statements,pgaudit',
          'pgaudit.log': 'read,write,ddl,role',
          'pgaudit.log_parameter': '0',
        },
      },
    },
    Logs: {
      Type: 'AWS::Logs::LogGroup',
      Properties: {
        LogGroupName: '/aws/rds/cluster/patient-db/postgresql',
        KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] },
        RetentionInDays: 2192,
      },
    },
    Records: {
      Type: 'AWS::RDS::DBCluster',
      Properties: {
        Engine: 'aurora-postgresql',
        DBClusterIdentifier: 'patient-db',
        DBClusterParameterGroupName: { Ref: 'Params' },
        EnableCloudwatchLogsExports: ['postgresql'],
      },
    },
  }),
];

/** The compliant fixture with one cluster parameter set (names hold dots, so not through setProperty). */
const withParameter = (name: string, value: string) =>
  mutate(compliant, (r) => {
    const properties = r.Params?.Properties as { Parameters: Record<string, string> };
    properties.Parameters[name] = value;
  });

export const fixture: RuleFixture = {
  rule: RdsAuroraActivityAuditing,
  compliant,
  bad: [
    {
      name: 'reads not audited (pgaudit.log write,ddl)',
      templates: withParameter('pgaudit.log', 'write,ddl'),
      path: 'DBClusterParameterGroupName',
    },
    { name: 'reads subtracted from all (all,-read)', templates: withParameter('pgaudit.log', 'all, -read') },
    { name: 'everything cleared by none', templates: withParameter('pgaudit.log', 'read,write,ddl,none') },
    {
      name: 'pgaudit not preloaded',
      templates: withParameter('shared_preload_libraries', 'pg_stat_statements'),
      path: 'DBClusterParameterGroupName',
    },
    {
      name: 'disconnections not logged',
      templates: withParameter('log_disconnections', '0'),
    },
    {
      name: 'the default parameter group',
      templates: mutate(compliant, (r) => deleteProperty(r.Records, 'DBClusterParameterGroupName')),
      path: 'DBClusterParameterGroupName',
    },
    {
      name: 'the postgresql log not exported',
      templates: mutate(compliant, (r) => setProperty(r.Records, 'EnableCloudwatchLogsExports', [])),
      path: 'EnableCloudwatchLogsExports',
    },
    {
      name: 'no cluster identifier, so RDS creates the log group itself',
      templates: mutate(compliant, (r) => deleteProperty(r.Records, 'DBClusterIdentifier')),
      path: 'DBClusterIdentifier',
    },
    {
      name: 'the export log group is not in the templates',
      templates: mutate(compliant, (r) =>
        setProperty(r.Logs, 'LogGroupName', '/aws/rds/cluster/other/postgresql'),
      ),
      path: 'DBClusterIdentifier',
    },
    {
      name: 'the export log group kept one year',
      templates: mutate(compliant, (r) => setProperty(r.Logs, 'RetentionInDays', 365)),
      path: 'DBClusterIdentifier',
    },
    {
      name: 'a parameter group named outside the templates',
      templates: mutate(compliant, (r) =>
        setProperty(r.Records, 'DBClusterParameterGroupName', 'shared-params'),
      ),
      expect: 'unverified',
    },
    {
      name: 'an engine pgaudit does not serve',
      templates: mutate(compliant, (r) => setProperty(r.Records, 'Engine', 'aurora-mysql')),
      expect: 'unverified',
      path: 'Engine',
    },
  ],
};
