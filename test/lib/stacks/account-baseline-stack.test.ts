import * as fs from 'node:fs';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PhiBucket } from '../../../constructs/storage/phi-bucket';
import { AccountBaselineStack } from '../../../lib/stacks/account-baseline-stack';
import { newTestApp } from '../../helpers/app';
import { newGatedApp, synthAndReadValidation } from '../../helpers/gated-app';
import { unreplicated } from '../../helpers/phi-bucket-props';

describe('AccountBaselineStack, gated by the packs, CloudFormation validator on', () => {
  const { app, outdir } = newGatedApp('account-baseline-');
  const env = { account: '111122223333', region: 'us-east-1' };
  const data = new Stack(app, 'Data', { env });
  const records = new PhiBucket(data, 'PatientRecords', unreplicated());
  const stack = new AccountBaselineStack(app, 'Baseline', {
    env,
    phiBuckets: [records.bucket],
    securityContact: {
      name: 'Security Office',
      email: 'security@example.com',
      phone: '+1 555 0100',
      title: 'HIPAA Security Officer',
    },
    alarmEmails: ['security@example.com'],
  });
  // A PHI bucket in the same stack, found by the trail without being passed in.
  new PhiBucket(stack, 'Intake', unreplicated());
  const { error: synthError, report } = synthAndReadValidation(app, outdir);
  const template = Template.fromStack(stack);

  test('synthesizes without error', () => {
    expect(synthError).toBeUndefined();
  });

  test('the validation report has no violations in any plugin', () => {
    expect(report.pluginReports.map((r) => r.pluginName)).toEqual(
      expect.arrayContaining(['HIPAA.Security', 'NIST.800.53.R5', 'AwsSolutions']),
    );
    for (const plugin of report.pluginReports) {
      expect([plugin.pluginName, plugin.violations]).toEqual([plugin.pluginName, []]);
      expect([plugin.pluginName, plugin.conclusion]).toEqual([plugin.pluginName, 'success']);
    }
  });

  test('every acknowledged finding carries a specific reason', () => {
    const suppressed = report.pluginReports.flatMap((r) => r.suppressedViolations ?? []);
    expect(suppressed.length).toBeGreaterThan(0);
    for (const s of suppressed) expect(s.reason.length).toBeGreaterThanOrEqual(20);
  });

  test('composes GuardDuty, Security Hub, Config, the trail, the alarms and the risk services', () => {
    template.resourceCountIs('AWS::GuardDuty::Detector', 1);
    template.resourceCountIs('AWS::GuardDuty::PublishingDestination', 1);
    template.resourceCountIs('AWS::GuardDuty::MalwareProtectionPlan', 1);
    template.resourceCountIs('AWS::SecurityHub::Hub', 1);
    template.resourceCountIs('AWS::SecurityHub::Standard', 3);
    template.resourceCountIs('AWS::Config::ConfigurationRecorder', 1);
    template.resourceCountIs('AWS::Config::DeliveryChannel', 1);
    template.resourceCountIs('AWS::Config::ConformancePack', 1);
    template.resourceCountIs('AWS::CloudTrail::Trail', 1);
    template.resourceCountIs('AWS::Logs::MetricFilter', 14);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 14);
    template.resourceCountIs('AWS::AccessAnalyzer::Analyzer', 2);
    template.resourceCountIs('AWS::Macie::Session', 1);
    template.resourceCountIs('Custom::AWS', 3);
  });

  test('turns Security Hub on after the Config recorder', () => {
    template.hasResource('AWS::SecurityHub::Hub', {
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('^ConfigRecorder[0-9A-F]{8}$')]),
    });
  });

  test('logs object events of the passed and the in-stack PHI buckets, not of the trail bucket', () => {
    const [trail] = Object.values(template.findResources('AWS::CloudTrail::Trail')) as {
      Properties: {
        AdvancedEventSelectors: { FieldSelectors: { Field: string; StartsWith?: unknown[] }[] }[];
      };
    }[];
    const arns = JSON.stringify(
      trail.Properties.AdvancedEventSelectors[1].FieldSelectors.find((f) => f.Field === 'resources.ARN')
        ?.StartsWith,
    );
    expect(arns).toMatch(/PatientRecordsBucket/);
    expect(arns).toMatch(/IntakeBucket/);
    expect(arns).not.toMatch(/AuditTrailLogsBucket/);
  });

  test('shares one access-log bucket across the evidence buckets, kept six years', () => {
    const logged = Object.values(template.findResources('AWS::S3::Bucket')).filter(
      (b) => (b as { Properties: { LoggingConfiguration?: unknown } }).Properties.LoggingConfiguration,
    ) as { Properties: { LoggingConfiguration: { DestinationBucketName: { Ref: string } } } }[];
    const destinations = new Set(
      logged.map((b) => b.Properties.LoggingConfiguration.DestinationBucketName.Ref),
    );
    // The shared bucket for GuardDuty, Config and CloudTrail evidence, and the in-stack PHI bucket's own.
    expect(destinations.size).toBe(2);
    expect([...destinations].some((d) => d.startsWith('AccessLogsBucket'))).toBe(true);
  });

  test('writes the compliance report', () => {
    expect(fs.existsSync(path.join(outdir, 'compliance', 'report.json'))).toBe(true);
  });
});

describe('AccountBaselineStack for a Region other than the home Region', () => {
  const app = newTestApp();
  const stack = new AccountBaselineStack(app, 'BaselineEu', {
    env: { account: '111122223333', region: 'eu-west-1' },
    homeRegion: 'us-east-1',
  });
  const template = Template.fromStack(stack);

  test('leaves the trail and its alarms to the home Region and records no global resource types', () => {
    expect(stack.auditTrail).toBeUndefined();
    expect(stack.securityAlarms).toBeUndefined();
    template.resourceCountIs('AWS::CloudTrail::Trail', 0);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    template.hasResourceProperties('AWS::Config::ConfigurationRecorder', {
      RecordingGroup: { AllSupported: true, IncludeGlobalResourceTypes: false },
    });
    template.resourceCountIs('AWS::GuardDuty::Detector', 1);
    template.resourceCountIs('AWS::SecurityHub::Hub', 1);
  });
});
