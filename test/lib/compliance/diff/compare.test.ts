import { ThreatDetection } from '../../../../constructs/detection/threat-detection';
import { diffReports, hasRegressions, renderDiffMarkdown } from '../../../../lib/compliance/diff';
import type { ComplianceReport, EvaluationRow } from '../../../../lib/compliance/report/model';
import { compliantApp, type ReportFixture, synthFixture } from '../../../helpers/report-fixtures';

let base: ComplianceReport;
let relaxed: ReportFixture;
let detection: ReportFixture;

beforeAll(() => {
  base = synthFixture(compliantApp).report;
  detection = synthFixture((stack) => {
    new ThreatDetection(stack, 'GuardDuty');
  });
  relaxed = synthFixture((stack) => {
    new ThreatDetection(stack, 'GuardDuty', {
      disabledProtections: [
        {
          feature: 'EKS_AUDIT_LOGS',
          reason: 'No EKS clusters in this account; workloads run on Lambda only.',
        },
      ],
    });
  });
});

/** A copy of `report` with `edit` applied to a deep clone. */
// biome-ignore lint/suspicious/noExplicitAny: tests edit a deep JSON copy of the report freely
type Editable = any;

function edited(report: ComplianceReport, edit: (r: Editable) => void) {
  const copy = JSON.parse(JSON.stringify(report));
  edit(copy);
  return copy as ComplianceReport;
}

function retentionRow(days: number | null): EvaluationRow {
  return {
    pack: 'TemplateEvidence',
    ruleId: 'TemplateEvidence-LogGroupRetention',
    baseRuleId: 'TemplateEvidence-LogGroupRetention',
    level: 'error',
    status: 'compliant',
    resource: {
      stack: 'Fixture',
      logicalId: 'Audit1',
      constructPath: 'Fixture/Audit/Resource',
      type: 'AWS::Logs::LogGroup',
    },
    observed: { 'Properties.RetentionInDays': days, 'Properties.KmsKeyId': 'GetAtt(Key.Arn)' },
  };
}

const withRows = (report: ComplianceReport, rows: EvaluationRow[]) =>
  edited(report, (r) => {
    r.evaluations = [...r.evaluations, ...rows];
  });

describe('diffReports', () => {
  test('the same report: no regression, no improvement, no change', () => {
    const diff = diffReports(base, base);
    expect(hasRegressions(diff)).toBe(false);
    expect(Object.values(diff.improvements).flat()).toEqual([]);
    expect(diff.otherSettingChanges).toEqual([]);
  });

  test('a security setting lowered while its rule still passes is a weakening; raised is an improvement', () => {
    const tenYears = withRows(base, [retentionRow(3653)]);
    const sixYears = withRows(base, [retentionRow(2192)]);
    const weaker = diffReports(tenYears, sixYears);
    expect(hasRegressions(weaker)).toBe(true);
    expect(weaker.weakenedSettings).toEqual([
      expect.objectContaining({
        ruleId: 'TemplateEvidence-LogGroupRetention',
        constructPath: 'Fixture/Audit/Resource',
        property: 'Properties.RetentionInDays',
        from: 3653,
        to: 2192,
        direction: 'weaker',
      }),
    ]);
    expect(renderDiffMarkdown(weaker)).toMatch(
      /#### Weakened security settings \(the rule still passes\) \(1\)[\s\S]*\| TemplateEvidence-LogGroupRetention \| Fixture\/Audit\/Resource \| Properties\.RetentionInDays \| 3653 \| 2192 \|/,
    );
    const stronger = diffReports(sixYears, tenYears);
    expect(hasRegressions(stronger)).toBe(false);
    expect(stronger.improvements.strengthenedSettings).toHaveLength(1);
  });

  test('a changed setting without a stated direction is listed but does not fail', () => {
    const before = withRows(base, [retentionRow(2192)]);
    const after = edited(before, (r) => {
      r.evaluations[r.evaluations.length - 1].observed['Properties.KmsKeyId'] = 'GetAtt(OtherKey.Arn)';
    });
    const diff = diffReports(before, after);
    expect(hasRegressions(diff)).toBe(false);
    expect(diff.otherSettingChanges.map((c) => c.property)).toEqual(['Properties.KmsKeyId']);
    expect(renderDiffMarkdown(diff)).toContain('#### Other changed settings (the rule still passes) (1)');
  });

  test('a passing check that becomes acknowledged, and an acknowledgment that covers more findings, are weakenings', () => {
    const ack = {
      id: 'TemplateEvidence::TemplateEvidence-S3BucketVersioning',
      reason: 'Scratch data only, see SEC-1',
      acknowledgedAt: 'Fixture',
    };
    const before = edited(base, (r) => {
      r.exceptions = [{ ...ack, state: 'no-expiry', findings: 0 }];
    });
    const after = edited(before, (r) => {
      const row = r.evaluations.find(
        (e: EvaluationRow) => e.baseRuleId === 'TemplateEvidence-S3BucketVersioning',
      );
      row.status = 'acknowledged';
      row.acknowledgment = ack;
      r.exceptions[0].findings = 1;
    });
    const diff = diffReports(before, after);
    expect(diff.newlyAcknowledged.map((e) => e.ruleId)).toEqual(['TemplateEvidence-S3BucketVersioning']);
    expect(diff.widenedExceptions.map((w) => [w.base.findings, w.head.findings])).toEqual([[0, 1]]);
    expect(diff.newExceptions).toEqual([]);
    const md = renderDiffMarkdown(diff);
    expect(md).toContain('#### Passing checks now acknowledged instead (1)');
    expect(md).toContain('#### Acknowledgments covering more findings (1)');
  });

  test('an AWS Config rule that no longer checks a citation is a regression', () => {
    const before = edited(base, (r) => {
      r.citations[0].configRules = ['cloudtrail-enabled', 'guardduty-enabled-centralized'];
    });
    const after = edited(before, (r) => {
      r.citations[0].configRules = ['cloudtrail-enabled'];
    });
    expect(diffReports(before, after).droppedConfigRules).toEqual([
      { citation: base.citations[0]?.id, rule: 'guardduty-enabled-centralized' },
    ]);
  });

  test('a citation status this tool does not know ranks worst, never as no change', () => {
    const after = edited(base, (r) => {
      r.citations[0].status = 'future-status';
    });
    expect(diffReports(base, after).worsenedCitations.map((c) => c.id)).toEqual([base.citations[0]?.id]);
  });

  test('fixing a violation is listed as an improvement, not a regression', () => {
    const broken = edited(base, (r) => {
      r.evaluations[0].status = 'non-compliant';
    });
    const diff = diffReports(broken, base);
    expect(hasRegressions(diff)).toBe(false);
    expect(diff.improvements.fixedViolations).toHaveLength(1);
    expect(renderDiffMarkdown(diff)).toMatch(
      /^### HIPAA compliance: no regressions\n\n#### Improvement: violations fixed \(1\)/,
    );
  });
});

describe('a relaxation made through a construct prop', () => {
  test('disabling a GuardDuty protection is a new relaxation and an acknowledged, previously passing check', () => {
    const guardDutyFailures = (f: ReportFixture) =>
      f.report.evaluations.filter((e) => e.status === 'non-compliant' && e.ruleId.includes('GuardDuty'));
    expect([...guardDutyFailures(detection), ...guardDutyFailures(relaxed)]).toEqual([]);
    const diff = diffReports(detection.report, relaxed.report);
    expect(hasRegressions(diff)).toBe(true);
    expect(diff.newRelaxations).toEqual([
      expect.objectContaining({
        constructPath: 'Fixture/GuardDuty',
        setting: 'disabledProtections: EKS_AUDIT_LOGS',
        reason: 'No EKS clusters in this account; workloads run on Lambda only.',
      }),
    ]);
    expect(diff.newlyAcknowledged.map((e) => e.ruleId)).toContain(
      'TemplateEvidence-GuardDutyDetectorFeatures',
    );
    const md = renderDiffMarkdown(diff);
    expect(md).toMatch(/#### New relaxations \(1\)[\s\S]*disabledProtections: EKS_AUDIT_LOGS/);
    expect(diffReports(relaxed.report, detection.report).newRelaxations).toEqual([]);
  });
});
