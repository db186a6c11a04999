import * as accessanalyzer from 'aws-cdk-lib/aws-accessanalyzer';
import * as macie from 'aws-cdk-lib/aws-macie';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { recordManualAttestation } from '../core/report-metadata';
import { PropsCheck } from '../core/validation';
import type { SdkCall } from '../patching/private/sdk-call';
import { DetectionCitation } from './private/citations';
import { enableInspector, putSecurityContact, scheduleMacieDiscovery } from './private/risk-sdk-calls';

/** Days of the week a Macie discovery job can run. */
export const MACIE_JOB_DAYS = [
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
  'SUNDAY',
] as const;

/** The person or team AWS contacts about security issues in the account. */
export interface SecurityContact {
  /** Name, 1 to 64 characters. */
  readonly name: string;
  /** Email address, e.g. a monitored security mailbox. */
  readonly email: string;
  /** Phone number, 1 to 25 digits, spaces, `+`, `-`, `(` and `)`. */
  readonly phone: string;
  /** Title, 1 to 50 characters, e.g. `Security Officer`. */
  readonly title: string;
}

/** Properties of a {@link RiskAssessment}. */
export interface RiskAssessmentProps {
  /**
   * Buckets holding PHI that Amazon Macie scans for sensitive data every week. Buckets must be in this
   * account and Region. The keys of SSE-KMS buckets in this stack are opened to Macie's service-linked
   * role; keys elsewhere must be opened by their owner (recorded as a manual attestation).
   *
   * @default - no discovery job; Macie still evaluates bucket security and access (164.308(a)(1)(ii)(A))
   */
  readonly phiBuckets?: s3.IBucket[];

  /**
   * The account's security alternate contact, whom AWS notifies about security issues.
   *
   * @default - the contact is not set in code; a manual attestation is recorded (164.308(a)(6)(ii))
   */
  readonly securityContact?: SecurityContact;

  /**
   * Days without use after which IAM Access Analyzer reports a role, user, key or permission as unused,
   * from 1 to 90.
   *
   * @default 90 (164.308(a)(1)(ii)(A))
   */
  readonly unusedAccessAgeDays?: number;

  /**
   * The day the weekly Macie discovery job runs.
   *
   * @default 'SUNDAY'
   */
  readonly macieJobDay?: (typeof MACIE_JOB_DAYS)[number];
}

/**
 * Continuous risk assessment for this account and Region: IAM Access Analyzer for external access and
 * for unused access (90 days), Amazon Inspector scanning EC2, ECR images and Lambda functions and code
 * for vulnerabilities, Amazon Macie with a weekly sensitive-data discovery job over the PHI buckets, and
 * the account's security alternate contact.
 *
 * Inspector and the contact are set through AWS SDK calls made by CloudFormation (there is no resource
 * type); deleting the stack leaves Inspector enabled and the contact in place, on purpose.
 * Account- and Region-wide: deploy one per account and Region.
 *
 * Serves 164.308(a)(1)(ii)(A) (risk analysis), 164.308(a)(5)(ii)(B) (malicious software),
 * 164.308(a)(8) (evaluation) and 164.308(a)(6)(ii) (response and reporting).
 */
export class RiskAssessment extends Construct {
  /** The external-access analyzer. */
  public readonly externalAccessAnalyzer: accessanalyzer.CfnAnalyzer;
  /** The unused-access analyzer. */
  public readonly unusedAccessAnalyzer: accessanalyzer.CfnAnalyzer;
  /** The Macie session. */
  public readonly macieSession: macie.CfnSession;
  /** The call that enables Amazon Inspector. */
  public readonly inspector: SdkCall;
  /** The weekly Macie discovery job, when PHI buckets are given. */
  public readonly macieDiscoveryJob?: SdkCall;
  /** The call that sets the security contact, when one is given. */
  public readonly securityContact?: SdkCall;

  constructor(scope: Construct, id: string, props: RiskAssessmentProps = {}) {
    const check = new PropsCheck(scope, id);
    check.integerInRange(
      'unusedAccessAgeDays',
      props.unusedAccessAgeDays,
      1,
      90,
      DetectionCitation.RISK_ANALYSIS,
    );
    check.oneOf('macieJobDay', props.macieJobDay, MACIE_JOB_DAYS, DetectionCitation.RISK_ANALYSIS);
    const contact = props.securityContact;
    if (contact) {
      const cite = DetectionCitation.RESPONSE_AND_REPORTING;
      check.matches('securityContact.name', contact.name, /^.{1,64}$/s, '1 to 64 characters', cite);
      check.matches(
        'securityContact.email',
        contact.email,
        /^(?=.{1,254}$)[\w+=.#|!&-]+@[\w.-]+\.\w+$/,
        'an email address of at most 254 characters',
        cite,
      );
      check.matches(
        'securityContact.phone',
        contact.phone,
        /^[\s0-9()+-]{1,25}$/,
        '1 to 25 digits, spaces, +, -, ( and )',
        cite,
      );
      check.matches('securityContact.title', contact.title, /^.{1,50}$/s, '1 to 50 characters', cite);
    }
    check.throwIfInvalid();
    super(scope, id);

    this.externalAccessAnalyzer = new accessanalyzer.CfnAnalyzer(this, 'ExternalAccessAnalyzer', {
      type: 'ACCOUNT',
    });
    this.unusedAccessAnalyzer = new accessanalyzer.CfnAnalyzer(this, 'UnusedAccessAnalyzer', {
      type: 'ACCOUNT_UNUSED_ACCESS',
      analyzerConfiguration: {
        unusedAccessConfiguration: { unusedAccessAge: props.unusedAccessAgeDays ?? 90 },
      },
    });

    this.inspector = enableInspector(this, 'Inspector');

    this.macieSession = new macie.CfnSession(this, 'Macie', {
      status: 'ENABLED',
      findingPublishingFrequency: 'FIFTEEN_MINUTES',
    });
    if (props.phiBuckets && props.phiBuckets.length > 0) {
      this.macieDiscoveryJob = scheduleMacieDiscovery(this, 'MacieDiscovery', {
        buckets: props.phiBuckets,
        session: this.macieSession,
        day: props.macieJobDay ?? 'SUNDAY',
      });
    }

    if (contact) {
      this.securityContact = putSecurityContact(this, 'SecurityContact', contact);
    } else {
      recordManualAttestation(this, {
        citation: DetectionCitation.RESPONSE_AND_REPORTING,
        setting: 'Account security alternate contact',
        reason:
          'No securityContact was given, so the account security contact AWS notifies about abuse and security issues is not set in code; confirm it in the account settings.',
      });
    }
  }
}
