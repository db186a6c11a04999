import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AttestationsFileError, loadAttestations } from '../../../../lib/compliance/report/attestations';
import { compliantApp, synthFixture } from '../../../helpers/report-fixtures';

function writeFile(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'attest-')), 'attestations.yaml');
  fs.writeFileSync(file, text);
  return file;
}

const NOW = new Date('2026-06-15T12:00:00Z');

const VALID = `attestations:
  - citation: "164.308(a)(5)(i)"
    statement: All workforce members completed HIPAA security awareness training this year.
    owner: Privacy Officer <privacy@example.org>
    evidence: https://lms.example.org/reports/2026-hipaa
    date: 2026-03-01
    expires: 2027-03-01
  - citation: "164.308(b)(1)"
    statement: Business associate agreement with AWS accepted in AWS Artifact.
    owner: Legal
    evidence: AWS Artifact agreement 2026-01
    date: 2026-01-10
`;

describe('loadAttestations', () => {
  test('reads each attestation with its source line', () => {
    const file = writeFile(VALID);
    const attestations = loadAttestations(file, { now: NOW });
    expect(attestations).toHaveLength(2);
    expect(attestations[0]).toMatchObject({
      citation: '164.308(a)(5)(i)',
      owner: 'Privacy Officer <privacy@example.org>',
      expires: '2027-03-01',
      source: `${file}:2`,
    });
    expect(attestations[1].source).toBe(`${file}:8`);
    // Without an expiry of its own, an attestation expires after its citation's review interval.
    expect(attestations[1].expires).toBe('2027-01-10');
  });

  test('a missing file means no attestations', () => {
    expect(loadAttestations('/nonexistent/attestations.yaml')).toEqual([]);
  });

  test('reports every problem with its line number', () => {
    const file = writeFile(`attestations:
  - citation: "164.999(z)"
    statement: too short
    owner: Legal
    evidence: x
    date: 2026-13-45
  - citation: "164.308(a)(5)(i)"
    statement: Training completed for every member of the workforce.
    owner: HR
    evidence: lms
    date: 2026-05-01
    expires: 2026-04-01
    colour: blue
`);
    const attempt = () => loadAttestations(file, { now: NOW });
    expect(attempt).toThrow(AttestationsFileError);
    expect(attempt).toThrow(
      new RegExp(
        `${file}:2: attestations\\[0\\] \\(164\\.999\\(z\\)\\) citation: must be a HIPAA Security Rule citation`,
      ),
    );
    expect(attempt).toThrow(
      new RegExp(
        `${file}:3: attestations\\[0\\] \\(164\\.999\\(z\\)\\) statement: must say what is attested`,
      ),
    );
    expect(attempt).toThrow(
      new RegExp(`${file}:6: attestations\\[0\\] \\(164\\.999\\(z\\)\\) date: must be a real calendar date`),
    );
    expect(attempt).toThrow(/Unrecognized key: "colour"/);
    expect(attempt).toThrow(
      new RegExp(
        `${file}:12: attestations\\[1\\] \\(164\\.308\\(a\\)\\(5\\)\\(i\\)\\) expires: must not be before date`,
      ),
    );
  });

  test('reports YAML syntax errors with their line', () => {
    const file = writeFile('attestations:\n  - citation: "164.308(a)(5)(i)\n    owner: x\n');
    expect(() => loadAttestations(file)).toThrow(new RegExp(`${file}:\\d+: `));
  });
});

describe('attestation dates', () => {
  const entry = (fields: string) => `attestations:
  - citation: "164.308(a)(5)(i)"
    statement: All workforce members completed HIPAA security awareness training this year.
    owner: Privacy Officer
    evidence: https://lms.example.org/reports/2026-hipaa
${fields}`;

  test('fails on a date that is not on the calendar, naming file, entry and field', () => {
    const file = writeFile(entry('    date: 2025-02-30\n'));
    expect(() => loadAttestations(file, { now: NOW })).toThrow(
      new RegExp(
        `${file}:6: attestations\\[0\\] \\(164\\.308\\(a\\)\\(5\\)\\(i\\)\\) date: must be a real calendar date`,
      ),
    );
  });

  test('fails on a date in the future (so it can never count as attested)', () => {
    const file = writeFile(entry('    date: 2099-01-01\n'));
    expect(() => loadAttestations(file, { now: NOW })).toThrow(
      /date: must not be in the future \(today is 2026-06-15\)/,
    );
    expect(loadAttestations(writeFile(entry('    date: 2026-06-15\n')), { now: NOW })).toHaveLength(1);
  });

  test('fails on an expiry beyond the review interval, or a past one before date', () => {
    const far = writeFile(entry('    date: 2026-03-01\n    expires: 2099-03-01\n'));
    expect(() => loadAttestations(far, { now: NOW })).toThrow(
      /expires: must be at most 365 days after date \(2027-03-01\), the review interval of 164\.308\(a\)\(5\)\(i\)/,
    );
    const bad = writeFile(entry('    date: 2026-03-01\n    expires: 2026-02-30\n'));
    expect(() => loadAttestations(bad, { now: NOW })).toThrow(/expires: must be a real calendar date/);
  });

  test('a citation with a shorter review interval expires sooner', () => {
    const file = writeFile(`attestations:
  - citation: "164.308(a)(1)(ii)(D)"
    statement: The security team reviewed CloudTrail and GuardDuty findings weekly this quarter.
    owner: Security lead
    evidence: https://wiki.example.org/reviews/2026-q1
    date: 2026-03-01
`);
    expect(loadAttestations(file, { now: NOW })[0].expires).toBe('2026-05-30');
  });

  test('fails on placeholders left from the template', () => {
    const file = writeFile(`attestations:
  - citation: "164.308(a)(5)(i)"
    statement: "FILL IN: what you attest, e.g. training"
    owner: "FILL IN: the person or role who attests"
    evidence: "FILL IN: a link"
    date: "FILL IN: YYYY-MM-DD"
`);
    const attempt = () => loadAttestations(file, { now: NOW });
    for (const field of ['statement', 'owner', 'evidence', 'date'])
      expect(attempt).toThrow(
        new RegExp(
          `attestations\\[0\\] \\(164\\.308\\(a\\)\\(5\\)\\(i\\)\\) ${field}: is still a placeholder`,
        ),
      );
  });
});

describe('attestations in the report', () => {
  test('an attestation past its review interval changes the citation status and warns at synth', () => {
    const old = writeFile(`attestations:
  - citation: "164.308(a)(5)(i)"
    statement: All workforce members completed HIPAA security awareness training.
    owner: Privacy Officer
    evidence: https://lms.example.org/reports/2025-hipaa
    date: 2025-01-10
`);
    const fixture = synthFixture(compliantApp, { attestationsFile: old });
    const training = fixture.report.citations.find((c) => c.id === '164.308(a)(5)(i)');
    expect(training?.status).toBe('attestation-expired');
    expect(training?.attestation?.expires).toBe('2026-01-10');
    const validation = JSON.parse(
      fs.readFileSync(path.join(fixture.outdir, 'validation-report.json'), 'utf8'),
    );
    const warnings = validation.pluginReports
      .find((r: { pluginName: string }) => r.pluginName === 'ComplianceReport')
      .violations.filter((v: { ruleName: string }) => v.ruleName === 'ComplianceReport-AttestationExpired');
    expect(warnings).toHaveLength(1);
    expect(warnings[0].description).toMatch(/164\.308\(a\)\(5\)\(i\).*expired on 2026-01-10/);
  });

  test('an attested organizational citation shows the attestation; a bad file fails synth', () => {
    const fixture = synthFixture(compliantApp, { attestationsFile: writeFile(VALID) });
    const training = fixture.report.citations.find((c) => c.id === '164.308(a)(5)(i)');
    expect(training?.status).toBe('attested');
    expect(training?.attestation?.owner).toBe('Privacy Officer <privacy@example.org>');
    expect(fixture.report.attestations).toHaveLength(2);

    // A malformed file fails synth before any report is written, so no report omits attestations silently.
    expect(() =>
      synthFixture(compliantApp, { attestationsFile: writeFile('attestations: [1, 2]\n') }),
    ).toThrow(
      /fixture wrote no report \(synth error: [\s\S]*Invalid attestations file [\s\S]*attestations\[0\]: /,
    );
  });
});
