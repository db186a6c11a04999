import { parse } from 'csv-parse/sync';
import type { ComplianceReport } from '../../../../lib/compliance/report/model';
import { neutralizeFormula, renderCsv } from '../../../../lib/compliance/report/render-csv';

describe('findings.csv', () => {
  test.each(['=HYPERLINK("http://x")', '+1+1', '-2', '@SUM(A1)', '\tx', '\rx'])(
    'neutralizes a cell starting like a formula: %p',
    (value) => {
      expect(neutralizeFormula(value)).toBe(`'${value}`);
    },
  );

  test('leaves ordinary text alone', () => {
    expect(neutralizeFormula('Stack/Bucket/Resource')).toBe('Stack/Bucket/Resource');
  });

  test('app-supplied text that looks like a formula is written inert and quoted', () => {
    const report = {
      rules: [{ id: 'R-1', citations: ['164.312(b)'] }],
      evaluations: [
        {
          pack: 'P',
          ruleId: 'R-1',
          baseRuleId: 'R-1',
          level: 'error',
          status: 'acknowledged',
          resource: {
            stack: 'S',
            logicalId: 'L',
            constructPath: 'S/=cmd|"/c calc"!A0',
            type: 'AWS::S3::Bucket',
          },
          acknowledgment: {
            id: 'P::R-1',
            reason: '=1+1, with "quotes", and a\nnewline',
            acknowledgedAt: 'S',
          },
        },
      ],
    } as unknown as ComplianceReport;
    const csv = renderCsv(report);
    const [row] = parse(csv, { columns: true }) as Record<string, string>[];
    expect(row.construct_path).toBe('S/=cmd|"/c calc"!A0');
    expect(row.acknowledgment_reason).toBe(`'=1+1, with "quotes", and a\nnewline`);
    expect(csv.split('\n')[0]).toBe(
      '"pack","rule","status","level","stack","logical_id","construct_path","resource_type","citations","acknowledgment_reason","owner","ticket","expires"',
    );
  });
});
