import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  acknowledgedApp,
  FIXTURE_NOW,
  type ReportFixture,
  synthFixture,
} from '../../../helpers/report-fixtures';

/**
 * The SARIF 2.1.0 JSON Schema as published (OASIS SARIF TC, 2.1.0-rtm.5, via schemastore), vendored from
 * the `@microsoft/jest-sarif` 1.0.0-beta.0 npm package (MIT) because tests run offline.
 */
const SARIF_SCHEMA = path.join(__dirname, '..', '..', '..', 'fixtures', 'schemas', 'sarif-2.1.0-rtm.5.json');

/** A report with failing, suppressed and passing results: every SARIF shape the renderer emits. */
let fixture: ReportFixture;
const expires = new Date(FIXTURE_NOW.getTime() + 60 * 86_400_000).toISOString().slice(0, 10);

beforeAll(() => {
  fixture = synthFixture((stack) => {
    acknowledgedApp(expires)(stack);
    // One more weak bucket, unacknowledged, so the log has open results as well as suppressed ones.
    new s3.Bucket(stack, 'Open', { encryption: s3.BucketEncryption.S3_MANAGED });
  });
});

// The published schema's language pattern is not valid in Unicode mode, so patterns compile without the u flag.
function publishedSarifValidator() {
  const ajv = addFormats(new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false }));
  return ajv.compile(JSON.parse(fs.readFileSync(SARIF_SCHEMA, 'utf8')));
}

describe('findings.sarif against the published SARIF 2.1.0 schema', () => {
  test('the synthesized log validates, with results in it', () => {
    const sarif = JSON.parse(fs.readFileSync(path.join(fixture.complianceDir, 'findings.sarif'), 'utf8'));
    const results = sarif.runs.flatMap((run: { results: unknown[] }) => run.results);
    expect(results.length).toBeGreaterThan(0);
    const validate = publishedSarifValidator();
    expect(validate(sarif) ? [] : validate.errors).toEqual([]);
  });

  test('the published schema can fail: a result without a message and a bad level are rejected', () => {
    const sarif = JSON.parse(fs.readFileSync(path.join(fixture.complianceDir, 'findings.sarif'), 'utf8'));
    const run = sarif.runs.find((r: { results: unknown[] }) => r.results.length > 0);
    run.results[0].level = 'catastrophic';
    delete run.results[0].message;
    const validate = publishedSarifValidator();
    expect(validate(sarif)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toEqual(
      expect.arrayContaining([expect.stringMatching(/\/runs\/\d+\/results\/0/)]),
    );
  });
});
