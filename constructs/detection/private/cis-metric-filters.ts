import { Citation } from '../../core/citations';
import { DetectionCitation } from './citations';

/** One CIS monitoring control: a CloudWatch Logs metric filter on CloudTrail events, and its alarm. */
export interface SecurityEventFilter {
  /** Metric name and construct id, e.g. `RootAccountUsage`. */
  readonly id: string;
  /** The CloudWatch Logs filter pattern, as the CIS benchmark gives it. */
  readonly filterPattern: string;
  /** What the alarm means, shown as the alarm description. */
  readonly description: string;
  /** The HIPAA citation the alarm serves. */
  readonly citation: string;
}

/**
 * The CIS AWS Foundations Benchmark monitoring controls (v1.4.0 section 4.1–4.14, the same filters
 * Security Hub checks as CloudWatch.1–14), as data. Patterns are the benchmark's; unauthorized calls
 * uses the Security Hub form, which does not exclude S3 HeadBucket probes.
 *
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
 */
export const CIS_SECURITY_EVENT_FILTERS: readonly SecurityEventFilter[] = [
  {
    id: 'UnauthorizedApiCalls',
    filterPattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
    description: 'CIS 4.1: API calls were refused as unauthorized or access denied',
    citation: Citation.ACTIVITY_REVIEW,
  },
  {
    id: 'ConsoleSignInWithoutMfa',
    filterPattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    description: 'CIS 4.2: an IAM user signed in to the console without MFA',
    citation: DetectionCitation.LOGIN_MONITORING,
  },
  {
    id: 'RootAccountUsage',
    filterPattern:
      '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    description: 'CIS 4.3: the root user was used',
    citation: DetectionCitation.LOGIN_MONITORING,
  },
  {
    id: 'IamPolicyChanges',
    filterPattern:
      '{ ($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy) }',
    description: 'CIS 4.4: an IAM policy was changed',
    citation: Citation.ACCESS_MANAGEMENT,
  },
  {
    id: 'CloudTrailConfigChanges',
    filterPattern:
      '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }',
    description: 'CIS 4.5: a CloudTrail trail was created, changed, stopped or deleted',
    citation: Citation.AUDIT_CONTROLS,
  },
  {
    id: 'ConsoleAuthenticationFailures',
    filterPattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
    description: 'CIS 4.6: a console sign-in failed authentication',
    citation: DetectionCitation.LOGIN_MONITORING,
  },
  {
    id: 'CmkDisabledOrScheduledForDeletion',
    filterPattern:
      '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }',
    description: 'CIS 4.7: a customer-managed KMS key was disabled or scheduled for deletion',
    citation: Citation.ENCRYPTION_AT_REST,
  },
  {
    id: 'S3BucketPolicyChanges',
    filterPattern:
      '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }',
    description: 'CIS 4.8: an S3 bucket policy, ACL, CORS, lifecycle or replication setting was changed',
    citation: Citation.ACCESS_CONTROL,
  },
  {
    id: 'ConfigChanges',
    filterPattern:
      '{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }',
    description: 'CIS 4.9: the AWS Config recorder or delivery channel was changed or stopped',
    citation: DetectionCitation.EVALUATION,
  },
  {
    id: 'SecurityGroupChanges',
    filterPattern:
      '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }',
    description: 'CIS 4.10: a security group was created, changed or deleted',
    citation: Citation.TRANSMISSION_SECURITY,
  },
  {
    id: 'NetworkAclChanges',
    filterPattern:
      '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }',
    description: 'CIS 4.11: a network ACL was created, changed or deleted',
    citation: Citation.TRANSMISSION_SECURITY,
  },
  {
    id: 'NetworkGatewayChanges',
    filterPattern:
      '{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }',
    description: 'CIS 4.12: a customer or internet gateway was created, attached, detached or deleted',
    citation: Citation.TRANSMISSION_SECURITY,
  },
  {
    id: 'RouteTableChanges',
    filterPattern:
      '{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable)) }',
    description: 'CIS 4.13: a route or route table was created, changed or deleted',
    citation: Citation.TRANSMISSION_SECURITY,
  },
  {
    id: 'VpcChanges',
    filterPattern:
      '{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }',
    description: 'CIS 4.14: a VPC or VPC peering connection was created, changed or deleted',
    citation: Citation.TRANSMISSION_SECURITY,
  },
];
