import { Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  accountabilityProblems,
  acknowledgeFindings,
  type FindingAcknowledgment,
  namespacedRuleId,
  reasonProblem,
} from '../../../constructs/core/acknowledge';
import { NON_WAIVABLE_CONTROLS, nonWaivableReason } from '../../../constructs/core/non-waivable-controls';
import { acknowledgeBuiltIn } from '../../../constructs/core/private/acknowledge-built-in';
import { EXCEPTION_METADATA_KEY } from '../../../constructs/core/report-metadata';
import { TEMPLATE_RULES } from '../../../lib/compliance/rules';
import { newTestStack } from '../../helpers/app';

/** Owner, ticket and expiry of an app's exception (the checks of reasons and ids are the point here). */
const ACCOUNTABLE = {
  owner: 'platform-team',
  ticket: 'SEC-1234',
  expires: new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10),
};

describe('namespacedRuleId', () => {
  test.each([
    ['HIPAA.Security-S3BucketLoggingEnabled', 'HIPAA.Security::HIPAA.Security-S3BucketLoggingEnabled'],
    ['NIST.800.53.R5-IAMNoInlinePolicy', 'NIST.800.53.R5::NIST.800.53.R5-IAMNoInlinePolicy'],
    ['AwsSolutions-IAM5[Action::s3:*]', 'AwsSolutions::AwsSolutions-IAM5[Action::s3:*]'],
    ['AwsSolutions::AwsSolutions-S1', 'AwsSolutions::AwsSolutions-S1'],
  ])('%s becomes %s', (input, expected) => {
    expect(namespacedRuleId(input)).toBe(expected);
  });

  test('rejects ids of unknown packs and mismatched namespaces', () => {
    expect(() => namespacedRuleId('S3BucketLoggingEnabled')).toThrow(
      /Unknown rule id "S3BucketLoggingEnabled"/,
    );
    expect(() => namespacedRuleId('AwsSolutions::HIPAA.Security-S3BucketLoggingEnabled')).toThrow(
      /wrong pack/,
    );
  });
});

describe('reasonProblem', () => {
  test.each([
    ['', 'is empty'],
    ['   ', 'is empty'],
    ['false positive', 'is boilerplate'],
    ['N/A - not relevant for this bucket at all', 'is boilerplate'],
    ['TODO: explain why later on', 'is boilerplate'],
    ['too short reason', 'is shorter than 20 characters'],
  ])('%p %s', (reason, problem) => {
    expect(reasonProblem(reason)).toBe(problem);
  });

  test('accepts a specific reason', () => {
    expect(reasonProblem('S3 log delivery only supports SSE-S3 destination buckets')).toBeUndefined();
  });
});

describe('acknowledgeFindings', () => {
  test('records the namespaced id and reason on the construct', () => {
    const bucket = new s3.Bucket(newTestStack(), 'Bucket');
    acknowledgeFindings(bucket, [
      {
        ruleId: 'HIPAA.Security-S3BucketReplicationEnabled',
        reason: 'Single-Region by design; versioning covers recovery.',
        ...ACCOUNTABLE,
      },
    ]);
    const data = bucket.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .map((m) => m.data as Record<string, string>);
    expect(data).toEqual([
      {
        'HIPAA.Security::HIPAA.Security-S3BucketReplicationEnabled':
          'Single-Region by design; versioning covers recovery.',
      },
    ]);
  });

  test('rejects the whole batch, naming the path and every problem, and records nothing', () => {
    const bucket = new s3.Bucket(newTestStack(), 'Bucket');
    expect(() =>
      acknowledgeFindings(bucket, [
        { ruleId: 'HIPAA.Security-S3BucketLoggingEnabled', reason: 'n/a', ...ACCOUNTABLE },
        { ruleId: 'Bogus-Rule', reason: 'A long enough and specific reason here', ...ACCOUNTABLE },
      ]),
    ).toThrow(
      /TestStack\/Bucket: cannot acknowledge findings:\n- the reason for HIPAA.Security-S3BucketLoggingEnabled is boilerplate[\s\S]*Unknown rule id "Bogus-Rule"/,
    );
    expect(
      bucket.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY),
    ).toHaveLength(0);
  });
});

describe('accountable exceptions', () => {
  const NOW = new Date('2026-06-15T12:00:00Z');
  const metadataOf = (bucket: s3.Bucket) =>
    bucket.node.metadata.filter((m) => m.type === EXCEPTION_METADATA_KEY).map((m) => m.data);

  test('acknowledgeFindings records a user exception even without owner, ticket or expiry', () => {
    const bucket = new s3.Bucket(newTestStack(), 'Bucket');
    // A JavaScript caller can omit the fields the type requires; the gate then fails synth.
    acknowledgeFindings(bucket, [
      { ruleId: 'AwsSolutions-S1', reason: 'Scratch bucket for de-identified fixtures, no PHI.' },
    ] as unknown as FindingAcknowledgment[]);
    expect(metadataOf(bucket)).toEqual([{ id: 'AwsSolutions::AwsSolutions-S1', source: 'user' }]);
  });

  test('acknowledgeBuiltIn records a toolkit exception with no owner, ticket or expiry', () => {
    const bucket = new s3.Bucket(newTestStack(), 'Bucket');
    acknowledgeBuiltIn(bucket, [
      { ruleId: 'AwsSolutions-S1', reason: 'S3 access logging of the log bucket itself would recurse.' },
    ]);
    expect(metadataOf(bucket)).toEqual([{ id: 'AwsSolutions::AwsSolutions-S1', source: 'toolkit' }]);
  });

  test.each([
    ['TemplateEvidence-S3TlsOnlyPolicy', /TLS-only access \(164\.312\(e\)\(1\)\), a non-waivable control/],
    ['HIPAA.Security-RDSStorageEncrypted', /PHI encryption at rest \(164\.312\(a\)\(2\)\(iv\)\)/],
    ['TemplateEvidence-IamRolePermissionsBoundary', /Permissions boundary/],
    ['AwsSolutions-COG2', /MFA enforcement/],
    ['HipaaEligible-ServiceNotEligible', /finding of the compliance gate itself/],
  ])('fails if %s (non-waivable) is acknowledged', (ruleId, message) => {
    const bucket = new s3.Bucket(newTestStack(), 'Bucket');
    expect(() =>
      acknowledgeFindings(bucket, [
        {
          ruleId,
          reason: 'We would like to switch this off here.',
          owner: 'a',
          ticket: 'T-1',
          expires: '2026-07-01',
        },
      ]),
    ).toThrow(message);
    expect(metadataOf(bucket)).toHaveLength(0);
    expect(
      bucket.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY),
    ).toHaveLength(0);
  });

  test('fails if the expiry is not a real calendar date', () => {
    const bucket = new s3.Bucket(newTestStack(), 'Bucket');
    expect(() =>
      acknowledgeFindings(bucket, [
        {
          ...ACCOUNTABLE,
          ruleId: 'AwsSolutions-S1',
          reason: 'Scratch bucket for fixtures, no PHI.',
          expires: '2026-02-30',
        },
      ]),
    ).toThrow(/expiry of AwsSolutions-S1 must be a real date as YYYY-MM-DD \(got "2026-02-30"\)/);
  });

  test('accountabilityProblems names every missing field', () => {
    expect(accountabilityProblems({}, NOW)).toEqual([
      expect.stringMatching(/^owner is missing/),
      expect.stringMatching(/^ticket is missing/),
      expect.stringMatching(/^expires is missing/),
    ]);
    expect(accountabilityProblems({ owner: ' ', ticket: 'T-1', expires: '2026-07-01' }, NOW)).toEqual([
      expect.stringMatching(/^owner is missing/),
    ]);
  });

  test('accountabilityProblems rejects a past expiry and one more than 365 days out', () => {
    const ok = { owner: 'platform', ticket: 'SEC-1' };
    expect(accountabilityProblems({ ...ok, expires: '2026-06-15' }, NOW)).toEqual([]);
    expect(accountabilityProblems({ ...ok, expires: '2027-06-15' }, NOW)).toEqual([]);
    expect(accountabilityProblems({ ...ok, expires: '2026-06-14' }, NOW)).toEqual([
      expect.stringMatching(/expires 2026-06-14 is past \(synth date 2026-06-15\)/),
    ]);
    expect(accountabilityProblems({ ...ok, expires: '2027-06-16' }, NOW)).toEqual([
      expect.stringMatching(/more than 365 days after the synth date 2026-06-15 \(latest 2027-06-15\)/),
    ]);
    expect(accountabilityProblems({ ...ok, expires: '2099-02-30' }, NOW)).toEqual([
      expect.stringMatching(/must be a real date/),
    ]);
  });
});

describe('the non-waivable controls data', () => {
  test('lists the five controls, each with a citation and rule ids of known packs', () => {
    expect(NON_WAIVABLE_CONTROLS.map((c) => c.control)).toEqual([
      'PHI encryption at rest',
      'TLS-only access',
      'CloudTrail on',
      'MFA enforcement',
      'Permissions boundary',
    ]);
    for (const control of NON_WAIVABLE_CONTROLS) {
      expect(control.citation).toMatch(/^164\.3\d\d\(/);
      for (const id of control.ruleIds) expect(() => namespacedRuleId(id)).not.toThrow();
    }
  });

  test('template evidence rule ids in the list are registered rules', () => {
    const registered = new Set(TEMPLATE_RULES.map((r) => `TemplateEvidence-${r.id}`));
    const listed = NON_WAIVABLE_CONTROLS.flatMap((c) => c.ruleIds).filter((id) =>
      id.startsWith('TemplateEvidence-'),
    );
    expect(listed.filter((id) => !registered.has(id))).toEqual([]);
  });

  test('matches namespaced ids with finding suffixes, and leaves other rules waivable', () => {
    expect(nonWaivableReason('AwsSolutions::AwsSolutions-S10[x]')).toMatch(/TLS-only/);
    expect(nonWaivableReason('Annotation::ComplianceReport-ExceptionExpired')).toMatch(/gate itself/);
    expect(nonWaivableReason('HIPAA.Security::HIPAA.Security-S3DefaultEncryptionKMS')).toBeUndefined();
  });
});
