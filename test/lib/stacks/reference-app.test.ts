import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { ComplianceReport } from '../../../lib/compliance/report/model';
import { buildReferenceApp } from '../../../lib/reference-app';

const CDK_JSON = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'cdk.json'), 'utf8')) as {
  context: Record<string, unknown>;
};

interface ValidationReport {
  pluginReports: {
    pluginName: string;
    conclusion: string;
    violations: unknown[];
    suppressedViolations?: { reason: string }[];
  }[];
}

/** Replaces asset hashes so the snapshot changes only when the template does. */
function normalized(template: Record<string, unknown>): unknown {
  return JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}(\.zip|\.json)?/g, '[HASH]$1'));
}

describe('the reference app, as `npx cdk synth` builds it (gate and CloudFormation validator on)', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'reference-'));
  const app = new App({ outdir, context: CDK_JSON.context });
  const stacks = buildReferenceApp(app);
  const { dataProtection } = stacks;
  app.synth();
  const report = JSON.parse(
    fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'),
  ) as ValidationReport;
  const template = Template.fromStack(dataProtection);

  test('synthesizes with zero unacknowledged findings from every pack and check', () => {
    expect(report.pluginReports.map((r) => r.pluginName)).toEqual(
      expect.arrayContaining(['AwsSolutions', 'HIPAA.Security', 'LeastPrivilege', 'NIST.800.53.R5']),
    );
    for (const plugin of report.pluginReports) {
      expect(plugin.violations).toEqual([]);
      expect(plugin.conclusion).toBe('success');
    }
  });

  test('every acknowledged finding in the report carries a specific reason', () => {
    const suppressed = report.pluginReports.flatMap((r) => r.suppressedViolations ?? []);
    expect(suppressed.length).toBeGreaterThan(0);
    for (const s of suppressed) expect(s.reason.length).toBeGreaterThanOrEqual(20);
  });

  test('no citation the app implements reads "not evidenced"; 164.312(d) is met by template evidence', () => {
    const compliance = JSON.parse(
      fs.readFileSync(path.join(outdir, 'compliance', 'report.json'), 'utf8'),
    ) as ComplianceReport;
    const implemented = compliance.citations.filter((c) => c.constructs.length > 0);
    expect(implemented.length).toBeGreaterThan(10);
    expect(implemented.filter((c) => c.status === 'not-evidenced').map((c) => c.id)).toEqual([]);
    for (const c of implemented) {
      expect({ id: c.id, status: c.status }).toEqual({
        id: c.id,
        status: expect.stringMatching(/^(met|met-with-exceptions|technical-met-attestation-outstanding)$/),
      });
      expect({ id: c.id, missing: c.evidence.missing }).toEqual({ id: c.id, missing: [] });
    }
    const authentication = compliance.citations.find((c) => c.id === '164.312(d)');
    expect(authentication).toMatchObject({
      status: 'met',
      evidence: { sufficient: ['TemplateEvidence-IamMfaEnforcementAttached'], missing: [] },
    });
    expect(
      compliance.evaluations.filter((e) => e.baseRuleId === 'TemplateEvidence-IamMfaEnforcementAttached')
        .length,
    ).toBeGreaterThan(0);
  });

  test('uses one records key and one logs key from configuration', () => {
    template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/phi/Hipaa-reference-DataProtection/patient-records',
    });
    template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/phi/Hipaa-reference-DataProtection/audit-logs',
    });
    template.allResourcesProperties('AWS::KMS::Key', { EnableKeyRotation: true, PendingWindowInDays: 30 });
  });

  test('every log group is encrypted and kept six years; every bucket, table and cluster is retained', () => {
    template.allResourcesProperties('AWS::Logs::LogGroup', {
      KmsKeyId: Match.anyValue(),
      RetentionInDays: 2192,
    });
    for (const type of [
      'AWS::S3::Bucket',
      'AWS::DynamoDB::Table',
      'AWS::RDS::DBCluster',
      'AWS::KMS::Key',
      'AWS::Logs::LogGroup',
    ]) {
      for (const resource of Object.values(template.findResources(type))) {
        expect(resource).toMatchObject({ DeletionPolicy: 'Retain' });
      }
    }
  });

  test('PHI stores are tagged DataClassification=PHI', () => {
    for (const type of ['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::RDS::DBCluster']) {
      template.hasResourceProperties(type, {
        Tags: Match.arrayWith([{ Key: 'DataClassification', Value: 'PHI' }]),
      });
    }
  });

  test('the stack has termination protection; public subnets only for the portal load balancer, no NAT', () => {
    expect(dataProtection.terminationProtection).toBe(true);
    template.resourceCountIs('AWS::EC2::InternetGateway', 1);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    const internetRoutes = Object.entries(template.findResources('AWS::EC2::Route')).filter(
      ([, route]) => route.Properties.DestinationCidrBlock === '0.0.0.0/0',
    );
    expect(internetRoutes.map(([id]) => id).every((id) => /publicSubnet\d/.test(id))).toBe(true);
    const portal = Template.fromStack(stacks.portal);
    portal.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing' });
    portal.hasResourceProperties('AWS::ECS::Service', {
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
    });
  });

  test('every IAM role and user in every stack has the permissions boundary of the identity stack', () => {
    const boundaryName = stacks.identity.boundary.managedPolicyName;
    const inIdentityStack = JSON.stringify(
      stacks.identity.resolve(stacks.identity.boundary.policy.managedPolicyArn),
    );
    let principals = 0;
    for (const stack of Object.values(stacks)) {
      const template = Template.fromStack(stack);
      for (const type of ['AWS::IAM::Role', 'AWS::IAM::User']) {
        for (const [id, resource] of Object.entries(template.findResources(type))) {
          principals += 1;
          const boundary = JSON.stringify(resource.Properties.PermissionsBoundary ?? null);
          expect([id, boundary]).toEqual([
            id,
            stack === stacks.identity ? inIdentityStack : expect.stringContaining(`:policy/${boundaryName}`),
          ]);
        }
      }
    }
    expect(principals).toBeGreaterThan(20);
  });

  test('builds the eight reference stacks, the boundary stack deployed first', () => {
    expect(Object.keys(stacks).sort()).toEqual([
      'accountBaseline',
      'backupCopy',
      'dataProtection',
      'identity',
      'patching',
      'portal',
      'resilience',
      'workload',
    ]);
    for (const stack of Object.values(stacks)) {
      if (stack !== stacks.identity) expect(stack.dependencies).toContain(stacks.identity);
    }
  });

  test('restore tests cover S3, DynamoDB and Aurora, and every finished restore is measured', () => {
    const resilience = Template.fromStack(stacks.resilience);
    const types = Object.values(resilience.findResources('AWS::Backup::RestoreTestingSelection')).map(
      (r) => r.Properties.ProtectedResourceType,
    );
    expect(types.sort()).toEqual(['Aurora', 'DynamoDB', 'S3']);
    expect(stacks.resilience.backups.restoreEvidence?.recoveryTimeObjectiveHours).toBe(72);
  });

  test('matches the normalized snapshot', () => {
    expect(normalized(template.toJSON())).toMatchSnapshot();
  });
});

describe('the reference app rejects bad configuration', () => {
  test('names the bad key, the value and what is allowed', () => {
    const app = new App({ context: { hipaaBaseline: { environmentName: 'ref', logRetentionDays: 90 } } });
    expect(() => buildReferenceApp(app)).toThrow(
      /hipaaBaseline\.logRetentionDays must be one of 2192.* \(got 90\)/,
    );
  });
});
