import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { IPolicyValidationContext } from 'aws-cdk-lib';
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { EvaluationLog } from '../../../lib/compliance/evaluation-log';
import { applyComplianceGate } from '../../../lib/compliance/gate';
import {
  assertSameCdkLibrary,
  GATE_PRESENCE_RULE_ID,
  GatePresencePlugin,
} from '../../../lib/compliance/gate-presence';
import { newGatedApp, synthAndReadValidation } from '../../helpers/gated-app';

/** An object that looks like a Stage and a Construct from another copy of aws-cdk-lib / constructs. */
function stageFromAnotherCopy(): object {
  return {
    [Symbol.for('@aws-cdk/core.Stage')]: true,
    [Symbol.for('constructs.Construct')]: true,
    node: { path: '' },
  };
}

function contextWith(resources: Record<string, { Type: string }>): IPolicyValidationContext {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'presence-'));
  const file = path.join(dir, 'Fixture.template.json');
  fs.writeFileSync(file, JSON.stringify({ Resources: resources }));
  return { templatePaths: [file] } as unknown as IPolicyValidationContext;
}

describe('the gate refuses to be silently absent', () => {
  test('applyComplianceGate throws on an app built with another copy of aws-cdk-lib', () => {
    expect(() => applyComplianceGate(stageFromAnotherCopy() as App)).toThrow(
      /different copy of aws-cdk-lib than cdk-hipaa-baseline loaded.*npm ls aws-cdk-lib constructs.*npm dedupe/s,
    );
  });

  test('anything other than a Stage is refused with what it was', () => {
    expect(() => assertSameCdkLibrary(42)).toThrow(/expects the CDK App \(or a Stage\); got 42/);
  });

  test('the app of this copy passes', () => {
    expect(() => assertSameCdkLibrary(new App())).not.toThrow();
  });

  test('a pack that evaluated nothing fails synth, naming the pack and the resource count', () => {
    const plugin = new GatePresencePlugin(new EvaluationLog(), [{ name: 'HIPAA.Security' }]);
    const report = plugin.validate(
      contextWith({ Bucket: { Type: 'AWS::S3::Bucket' }, Meta: { Type: 'AWS::CDK::Metadata' } }),
    );
    expect(report.success).toBe(false);
    expect(report.violations).toEqual([
      expect.objectContaining({
        ruleName: GATE_PRESENCE_RULE_ID,
        severity: 'error',
        description: expect.stringMatching(/HIPAA.Security did not evaluate any of the 1 resources/),
      }),
    ]);
  });

  test('a pack that saw fewer resources than the templates hold fails; one that saw all passes', () => {
    const log = new EvaluationLog();
    log.recordNotApplicable('HIPAA.Security', 'HIPAA.Security-A', 'a rule', 1);
    log.recordNotApplicable('NIST.800.53.R5', 'NIST.800.53.R5-B', 'b rule', 2);
    const plugin = new GatePresencePlugin(log, [{ name: 'HIPAA.Security' }, { name: 'NIST.800.53.R5' }]);
    const report = plugin.validate(
      contextWith({ A: { Type: 'AWS::S3::Bucket' }, B: { Type: 'AWS::SNS::Topic' } }),
    );
    expect(report.violations.map((v) => v.description)).toEqual([
      expect.stringMatching(/HIPAA.Security evaluated at most 1 of the 2 resources/),
    ]);
  });

  test('a pack scoped to some resource types is expected to cover only those', () => {
    const plugin = new GatePresencePlugin(new EvaluationLog(), [
      { name: 'LeastPrivilege', resourceTypes: ['AWS::IAM::Policy'] },
    ]);
    expect(plugin.validate(contextWith({ A: { Type: 'AWS::S3::Bucket' } })).success).toBe(true);
    expect(plugin.validate(contextWith({ P: { Type: 'AWS::IAM::Policy' } })).success).toBe(false);
  });

  test('a gated app in which every pack ran synthesizes without the presence finding', () => {
    const { app, outdir } = newGatedApp('presence-');
    new s3.Bucket(new Stack(app, 'Fixture'), 'Plain', { encryption: s3.BucketEncryption.S3_MANAGED });
    const { report, error } = synthAndReadValidation(app, outdir);
    // The plain bucket fails the packs, so they ran and reported; the presence check found nothing to add.
    expect(report.pluginReports.map((r) => r.pluginName)).toEqual(
      expect.arrayContaining(['HIPAA.Security', 'AwsSolutions']),
    );
    const ruleNames = report.pluginReports.flatMap((r) => r.violations.map((v) => v.ruleName));
    expect(ruleNames.length).toBeGreaterThan(0);
    expect(ruleNames).not.toContain(GATE_PRESENCE_RULE_ID);
    expect(String(error)).not.toContain(GATE_PRESENCE_RULE_ID);
  });
});
