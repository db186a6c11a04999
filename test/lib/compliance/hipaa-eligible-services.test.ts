import * as fs from 'node:fs';
import * as path from 'node:path';
import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { PhiDataGuard } from '../../../constructs/core/phi-data-guard';
import { PhiBucket } from '../../../constructs/storage/phi-bucket';
import {
  HipaaEligibleServicesCheck,
  isAllowedInPhiStack,
} from '../../../lib/compliance/hipaa-eligible-services';
import { newTestApp } from '../../helpers/app';
import { unreplicated } from '../../helpers/phi-bucket-props';
import { synthFixture } from '../../helpers/report-fixtures';

describe('HIPAA-eligible service guard', () => {
  test('allows eligible services, control-plane types and custom resources', () => {
    for (const type of [
      'AWS::S3::Bucket',
      'AWS::RDS::DBCluster',
      'AWS::IAM::Role',
      'AWS::CloudFormation::WaitCondition',
      'Custom::Anything',
      'AWS::CDK::Metadata',
    ]) {
      expect(isAllowedInPhiStack(type)).toBe(true);
    }
    expect(isAllowedInPhiStack('AWS::GameLift::Fleet')).toBe(false);
  });

  test('fails a PHI stack holding a non-eligible service, naming the type and path', () => {
    const app = newTestApp();
    PhiDataGuard.applyTo(app); // tags the PHI bucket, which makes 'Phi' a PHI stack
    const stack = new Stack(app, 'Phi');
    new PhiBucket(stack, 'Records', unreplicated());
    new CfnResource(stack, 'Game', {
      type: 'AWS::GameLift::Alias',
      properties: { Name: 'x', RoutingStrategy: { Type: 'SIMPLE' } },
    });
    const other = new Stack(app, 'NoPhi');
    new CfnResource(other, 'Game', {
      type: 'AWS::GameLift::Alias',
      properties: { Name: 'y', RoutingStrategy: { Type: 'SIMPLE' } },
    });
    app.synth();
    const report = new HipaaEligibleServicesCheck().validateScope(app);
    expect(report.success).toBe(false);
    expect(report.violations).toHaveLength(1);
    expect(report.violations[0].description).toMatch(
      /^AWS::GameLift::Alias is not on AWS's HIPAA eligible services list \(as of \d{4}-\d{2}-\d{2}\)/,
    );
    expect(report.violations[0].violatingResources.map((r) => r.constructPath)).toEqual(['Phi/Game']);
  });

  test('is part of the gate, and cannot be acknowledged (fatal, and the acknowledgment is itself an error)', () => {
    const acknowledged = synthFixture((stack) => {
      new PhiBucket(stack, 'Records', unreplicated());
      const game = new CfnResource(stack, 'Game', {
        type: 'AWS::GameLift::Alias',
        properties: { Name: 'x', RoutingStrategy: { Type: 'SIMPLE' } },
      });
      Validations.of(game).acknowledge({
        id: 'HipaaEligible::HipaaEligible-ServiceNotEligible',
        reason: 'Alias routes game sessions only; no PHI reaches GameLift.',
      });
    });
    expect(acknowledged.error).toBeDefined();
    const validation = JSON.parse(
      fs.readFileSync(path.join(acknowledged.outdir, 'validation-report.json'), 'utf8'),
    );
    const byPlugin = (name: string) =>
      validation.pluginReports.find((r: { pluginName: string }) => r.pluginName === name);
    expect(byPlugin('HipaaEligible').violations).toEqual([
      expect.objectContaining({ ruleName: 'HipaaEligible-ServiceNotEligible', severity: 'fatal' }),
    ]);
    expect(byPlugin('HipaaEligible').suppressedViolations ?? []).toEqual([]);
    expect(byPlugin('HipaaEligible').violations[0].description).not.toMatch(/acknowledge it/);
    expect(JSON.stringify(byPlugin('ExceptionPolicy').violations)).toMatch(
      /HipaaEligible::HipaaEligible-ServiceNotEligible acknowledged at Fixture\/Game .*finding of the compliance gate itself/,
    );
  });
});
