/**
 * The managed AWS Config rule behind Security Hub controls, for findings that do not name it themselves.
 *
 * Control findings usually carry their service-linked rule in `ProductFields['RelatedAWSResources:0/name']`
 * (`securityhub-<rule>-<hash>`), which the collector prefers. This table covers the controls whose rule
 * was checked against the Security Hub user guide (awsdocs/aws-security-hub-user-guide, `s3-controls.md`
 * and `cloudtrail-controls.md` at bda5bf7d); other controls without a named rule are observed but cite
 * no HIPAA citation.
 *
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-controls-reference.html
 */
export const SECURITY_HUB_CONTROL_CONFIG_RULES: Readonly<Record<string, string>> = {
  'CloudTrail.1': 'multi-region-cloudtrail-enabled',
  'CloudTrail.2': 'cloud-trail-encryption-enabled',
  'CloudTrail.3': 'cloudtrail-enabled',
  'CloudTrail.4': 'cloud-trail-log-file-validation-enabled',
  'CloudTrail.5': 'cloud-trail-cloud-watch-logs-enabled',
  'S3.1': 's3-account-level-public-access-blocks-periodic',
  'S3.2': 's3-bucket-public-read-prohibited',
  'S3.3': 's3-bucket-public-write-prohibited',
  'S3.4': 's3-bucket-server-side-encryption-enabled',
  'S3.5': 's3-bucket-ssl-requests-only',
  'S3.7': 's3-bucket-replication-enabled',
  'S3.9': 's3-bucket-logging-enabled',
  'S3.14': 's3-bucket-versioning-enabled',
};
