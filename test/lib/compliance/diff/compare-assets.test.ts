import { diffReports, hasRegressions, renderDiffMarkdown } from '../../../../lib/compliance/diff';
import type { AssetRow, ComplianceReport } from '../../../../lib/compliance/report/model';

/** An inventory row the test may edit. */
type EditableRow = {
  -readonly [K in keyof AssetRow]: AssetRow[K] extends readonly (infer T)[] ? T[] : AssetRow[K];
};

import { compliantApp, synthFixture } from '../../../helpers/report-fixtures';

/** The PhiBucket of the compliant fixture app. */
const RECORDS = 'Fixture/Records/Bucket/Resource';

let base: ComplianceReport;

beforeAll(() => {
  base = synthFixture(compliantApp).report;
});

/** A copy of `report` with `edit` applied to the fixture's PHI bucket row of the inventory. */
function withBucket(report: ComplianceReport, edit: (row: EditableRow) => void) {
  const copy = JSON.parse(JSON.stringify(report)) as ComplianceReport;
  const row = copy.assets?.assets.find((a) => a.constructPath === RECORDS);
  if (!row) throw new Error('the fixture report lists no PHI bucket');
  edit(row as EditableRow);
  return copy;
}

describe('hipaa-baseline diff: assets', () => {
  test('the fixture report lists the PHI bucket with its key; an unchanged report has no asset change', () => {
    const bucket = base.assets?.assets.find((a) => a.constructPath === RECORDS);
    expect(bucket?.encryption).toBe('kms');
    const diff = diffReports(base, base);
    expect(diff.assets).toEqual({ added: [], removed: [], reclassified: [] });
    expect(hasRegressions(diff)).toBe(false);
  });

  test('a PHI asset reclassified as non-PHI is a regression', () => {
    const head = withBucket(base, (row) => {
      row.classification = 'unclassified';
    });
    const diff = diffReports(base, head);
    expect(diff.declassifiedAssets).toHaveLength(1);
    expect(diff.declassifiedAssets[0]?.changes).toEqual(['classification PHI → unclassified']);
    expect(diff.assets.reclassified).toHaveLength(1);
    expect(hasRegressions(diff)).toBe(true);
    expect(renderDiffMarkdown(diff)).toMatch(/#### Assets no longer classified PHI \(1\)/);
  });

  test('classifying an asset as PHI is listed but is no regression', () => {
    const head = withBucket(base, (row) => {
      row.classification = 'PHI';
    });
    const reverse = diffReports(
      withBucket(base, (row) => {
        row.classification = 'unclassified';
      }),
      head,
    );
    expect(reverse.assets.reclassified).toHaveLength(1);
    expect(reverse.declassifiedAssets).toEqual([]);
    expect(hasRegressions(reverse)).toBe(false);
  });

  test('an asset losing its KMS key or its backup plan is a regression', () => {
    const head = withBucket(base, (row) => {
      row.encryption = 'service-managed';
      delete row.encryptionKey;
      row.backupPlans = [];
    });
    const diff = diffReports(base, head);
    expect(diff.unprotectedAssets).toHaveLength(1);
    expect(diff.unprotectedAssets[0]?.changes.join('; ')).toMatch(/lost KMS key .* \(now service-managed\)/);
    expect(hasRegressions(diff)).toBe(true);
    expect(renderDiffMarkdown(diff)).toMatch(/Assets that lost their KMS key or backup plan \(1\)/);
  });

  test('assets added and removed are listed, not regressions; a base without an inventory compares nothing', () => {
    const head = withBucket(base, (row) => {
      row.constructPath = 'Fixture/Renamed/Bucket/Resource';
    });
    const diff = diffReports(base, head);
    expect(diff.assets.added.map((a) => a.constructPath)).toEqual(['Fixture/Renamed/Bucket/Resource']);
    expect(diff.assets.removed).toHaveLength(1);
    expect(hasRegressions(diff)).toBe(false);
    expect(renderDiffMarkdown(diff)).toMatch(/#### Assets added \(1\)[\s\S]*#### Assets removed \(1\)/);
    const { assets: _dropped, ...old } = base;
    expect(diffReports(old as ComplianceReport, head).assets.added).toEqual([]);
  });
});
