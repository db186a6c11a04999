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
    const attestations = loadAttestations(file);
    expect(attestations).toHaveLength(2);
    expect(attestations[0]).toMatchObject({
      citation: '164.308(a)(5)(i)',
      owner: 'Privacy Officer <privacy@example.org>',
      expires: '2027-03-01',
      source: `${file}:2`,
    });
    expect(attestations[1].source).toBe(`${file}:8`);
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
    const attempt = () => loadAttestations(file);
    expect(attempt).toThrow(AttestationsFileError);
    expect(attempt).toThrow(
      new RegExp(`${file}:2: attestations\\.0\\.citation must be a HIPAA Security Rule citation`),
    );
    expect(attempt).toThrow(new RegExp(`${file}:3: attestations\\.0\\.statement must say what is attested`));
    expect(attempt).toThrow(new RegExp(`${file}:6: attestations\\.0\\.date must be a real calendar date`));
    expect(attempt).toThrow(/Unrecognized key: "colour"/);
    expect(attempt).toThrow(new RegExp(`${file}:12: attestations\\.1\\.expires must not be before date`));
  });

  test('reports YAML syntax errors with their line', () => {
    const file = writeFile('attestations:\n  - citation: "164.308(a)(5)(i)\n    owner: x\n');
    expect(() => loadAttestations(file)).toThrow(new RegExp(`${file}:\\d+: `));
  });
});

describe('attestations in the report', () => {
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
      /fixture wrote no report \(synth error: [\s\S]*Invalid attestations file [\s\S]*attestations\.0 /,
    );
  });
});
