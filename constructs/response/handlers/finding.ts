/**
 * The parts of an Amazon GuardDuty finding event (EventBridge detail-type `GuardDuty Finding`) that the
 * containment handlers read. Every field is optional: handlers must cope with findings of other resource
 * types and with GuardDuty adding or omitting fields.
 *
 * @see https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings_cloudwatch.html
 */
export interface GuardDutyFindingEvent {
  readonly account?: string;
  readonly region?: string;
  readonly 'detail-type'?: string;
  readonly source?: string;
  readonly detail?: GuardDutyFinding;
}

/** The finding itself (the event's `detail`). */
export interface GuardDutyFinding {
  readonly id?: string;
  readonly type?: string;
  readonly severity?: number;
  readonly title?: string;
  readonly resource?: {
    readonly resourceType?: string;
    readonly instanceDetails?: { readonly instanceId?: string };
    readonly accessKeyDetails?: {
      readonly accessKeyId?: string;
      readonly userName?: string;
      readonly userType?: string;
      readonly principalId?: string;
    };
    readonly s3BucketDetails?: readonly { readonly name?: string; readonly arn?: string }[];
  };
  readonly service?: { readonly additionalInfo?: { readonly sample?: boolean | string } };
}

/**
 * True for findings made by `CreateSampleFindings` (the drill): containment must never act on them, whatever
 * resource ids they carry.
 */
export function isSampleFinding(finding: GuardDutyFinding | undefined): boolean {
  const sample = finding?.service?.additionalInfo?.sample;
  return sample === true || sample === 'true';
}

/** The finding's id and type, with placeholders when GuardDuty left them out. */
export function findingLabel(finding: GuardDutyFinding | undefined): { id: string; type: string } {
  return { id: finding?.id ?? 'unknown-finding', type: finding?.type ?? 'unknown-type' };
}
