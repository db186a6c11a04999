import { CfnResource, Stack } from 'aws-cdk-lib';
import { acknowledgeFindings } from '../../../constructs/core/acknowledge';
import { PhiDataGuard } from '../../../constructs/core/phi-data-guard';
import { PhiBucket } from '../../../constructs/storage/phi-bucket';
import {
  HipaaEligibleServicesCheck,
  isAllowedInPhiStack,
} from '../../../lib/compliance/hipaa-eligible-services';
import { newTestApp } from '../../helpers/app';
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
    new PhiBucket(stack, 'Records');
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

  test('is part of the gate, and can be acknowledged with a reason', () => {
    const failing = synthFixture((stack) => {
      new PhiBucket(stack, 'Records');
      new CfnResource(stack, 'Game', {
        type: 'AWS::GameLift::Alias',
        properties: { Name: 'x', RoutingStrategy: { Type: 'SIMPLE' } },
      });
    });
    expect(failing.error).toBeDefined();
    const acknowledged = synthFixture((stack) => {
      new PhiBucket(stack, 'Records');
      const game = new CfnResource(stack, 'Game', {
        type: 'AWS::GameLift::Alias',
        properties: { Name: 'x', RoutingStrategy: { Type: 'SIMPLE' } },
      });
      acknowledgeFindings(game, [
        {
          ruleId: 'HipaaEligible-ServiceNotEligible',
          reason: 'Alias routes game sessions only; no PHI reaches GameLift.',
        },
      ]);
    });
    expect(acknowledged.error).toBeUndefined();
  });
});
