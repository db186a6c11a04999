// Mocked AWS clients and a healthy account for the collector's unit tests (aws-sdk-client-mock).
import { BackupClient, ListProtectedResourcesCommand, ListRestoreJobsCommand } from '@aws-sdk/client-backup';
import {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConformancePackComplianceCommand,
  DescribeConformancePacksCommand,
  GetConformancePackComplianceDetailsCommand,
} from '@aws-sdk/client-config-service';
import {
  type AwsSecurityFinding,
  GetEnabledStandardsCommand,
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { DescribeInstanceInformationCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { collectPosture } from '../../../../lib/posture/collector';
import { TEST_CREDENTIALS } from './run-command';

export const configMock = mockClient(ConfigServiceClient);
export const hubMock = mockClient(SecurityHubClient);
export const stsMock = mockClient(STSClient);
export const backupMock = mockClient(BackupClient);
export const ssmMock = mockClient(SSMClient);

/** A restore job of `type` created `hoursAgo` and taking `tookHours` (undefined: still running). */
export function restoreJob(
  type: string,
  hoursAgo: number,
  tookHours: number | undefined,
  status = 'COMPLETED',
) {
  const created = new Date(Date.now() - hoursAgo * 3_600_000);
  return {
    AccountId: ACCOUNT,
    RestoreJobId: `restore-${type}-${hoursAgo}`,
    ResourceType: type,
    Status: (tookHours === undefined ? 'RUNNING' : status) as 'COMPLETED',
    CreationDate: created,
    ...(tookHours === undefined
      ? {}
      : { CompletionDate: new Date(created.getTime() + tookHours * 3_600_000) }),
    CreatedResourceArn: `arn:aws:s3:::restored-${type.toLowerCase()}`,
  };
}

/**
 * Resets every mock (call in beforeEach). AWS Backup and Systems Manager answer as a healthy account by
 * default: one protected S3 type restored in 2 h a day ago, and no managed instance.
 */
export function resetMocks(): void {
  configMock.reset();
  hubMock.reset();
  stsMock.reset();
  backupMock.reset();
  ssmMock.reset();
  backupMock.on(ListRestoreJobsCommand).resolves({ RestoreJobs: [restoreJob('S3', 24, 2)] });
  backupMock.on(ListProtectedResourcesCommand).resolves({ Results: [{ ResourceType: 'S3' }] });
  ssmMock.on(DescribeInstanceInformationCommand).resolves({ InstanceInformationList: [] });
}

/** Collects from the mocked account in us-east-1. */
export const collect = (extra: Partial<Parameters<typeof collectPosture>[0]> = {}) =>
  collectPosture({ regions: ['us-east-1'], credentials: TEST_CREDENTIALS, ...extra });

export const ACCOUNT = '111122223333';
export const SUFFIX = '-conformance-pack-k2j4h5g6';

export function result(rule: string, id: string, type: string, compliance = 'COMPLIANT') {
  return {
    ComplianceType: compliance as 'COMPLIANT',
    EvaluationResultIdentifier: {
      EvaluationResultQualifier: { ConfigRuleName: rule, ResourceType: type, ResourceId: id },
    },
    ConfigRuleInvokedTime: new Date(),
    ResultRecordedTime: new Date(),
  };
}

export function finding(
  control: string | undefined,
  resource: string,
  extra: Partial<AwsSecurityFinding> = {},
) {
  return {
    SchemaVersion: '2018-10-08',
    Id: `finding/${control}/${resource}`,
    ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/securityhub',
    GeneratorId: control ? `security-control/${control}` : 'guardduty',
    AwsAccountId: ACCOUNT,
    Region: 'us-east-1',
    CreatedAt: '2026-11-01T00:00:00Z',
    UpdatedAt: '2026-11-01T00:00:00Z',
    Title: `${control} title`,
    Description: 'd',
    Severity: { Label: 'HIGH' },
    Resources: [{ Type: 'AwsS3Bucket', Id: resource }],
    ...(control ? { Compliance: { Status: 'FAILED', SecurityControlId: control } } : {}),
    ...extra,
  } as AwsSecurityFinding;
}

/** A healthy account: a pack with two rules over two pages, and three findings over two pages. */
export function healthyAccount() {
  stsMock.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT });
  configMock
    .on(DescribeConfigurationRecorderStatusCommand)
    .resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: true }] });
  configMock
    .on(DescribeConformancePacksCommand)
    .resolves({ ConformancePackDetails: [{ ConformancePackName: 'hipaa' } as never] });
  configMock
    .on(DescribeConformancePackComplianceCommand)
    .resolvesOnce({
      ConformancePackName: 'hipaa',
      ConformancePackRuleComplianceList: [
        { ConfigRuleName: `s3-bucket-logging-enabled${SUFFIX}`, ComplianceType: 'NON_COMPLIANT' },
      ],
      NextToken: 'r2',
    })
    .resolves({
      ConformancePackName: 'hipaa',
      ConformancePackRuleComplianceList: [
        { ConfigRuleName: `custom-rule${SUFFIX}`, ComplianceType: 'COMPLIANT' },
      ],
    });
  configMock
    .on(GetConformancePackComplianceDetailsCommand)
    .resolvesOnce({
      ConformancePackName: 'hipaa',
      ConformancePackRuleEvaluationResults: [
        result(`s3-bucket-logging-enabled${SUFFIX}`, 'bucket-a', 'AWS::S3::Bucket', 'NON_COMPLIANT'),
        result(`s3-bucket-logging-enabled${SUFFIX}`, 'bucket-b', 'AWS::S3::Bucket'),
      ],
      NextToken: 'd2',
    })
    .resolves({
      ConformancePackName: 'hipaa',
      ConformancePackRuleEvaluationResults: [
        result(`custom-rule${SUFFIX}`, 'bucket-a', 'AWS::S3::Bucket'),
        result(`custom-rule${SUFFIX}`, 'bucket-c', 'AWS::S3::Bucket', 'INSUFFICIENT_DATA'),
      ],
    });
  hubMock.on(GetEnabledStandardsCommand).resolves({
    StandardsSubscriptions: [
      {
        StandardsArn: 'arn:nist',
        StandardsSubscriptionArn: 's',
        StandardsInput: {},
        StandardsStatus: 'READY',
      },
    ],
  });
  hubMock
    .on(GetFindingsCommand)
    .resolvesOnce({
      Findings: [
        finding('S3.5', 'arn:aws:s3:::bucket-a', {
          ProductFields: {
            'RelatedAWSResources:0/name': 'securityhub-s3-bucket-ssl-requests-only-0a1b2c3d',
            'RelatedAWSResources:0/type': 'AWS::Config::ConfigRule',
          },
        }),
        finding('S3.9', 'arn:aws:s3:::bucket-a', { Severity: { Label: 'LOW' } }),
      ],
      NextToken: 'f2',
    })
    .resolves({
      Findings: [
        // The same control and resource again (another standard): one observation.
        finding('S3.9', 'arn:aws:s3:::bucket-a'),
        // Not a control finding: counted as skipped, not a row.
        finding(undefined, 'arn:aws:s3:::bucket-z'),
      ],
    });
}
