import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PhiVpc } from '../../../constructs/network/phi-vpc';
import { PatchingStack } from '../../../lib/stacks/patching-stack';
import { WorkloadStack } from '../../../lib/stacks/workload-stack';
import { addAccountTrail, newGatedApp, synthAndReadValidation } from '../../helpers/gated-app';

describe('WorkloadStack in a gated app with the CloudFormation validator on', () => {
  const { app, outdir } = newGatedApp('workload-stack-');
  addAccountTrail(app); // the account's trail logs the stack's PHI data events
  const env = { account: '111122223333', region: 'us-east-1' };
  const network = new PhiVpc(new Stack(app, 'Network', { env }), 'Network');
  const patching = new PatchingStack(app, 'Patching', { env });
  const stack = new WorkloadStack(app, 'Workload', {
    env,
    vpc: network.vpc,
    patchSchedule: patching.schedule,
  });
  const { error: synthError, report } = synthAndReadValidation(app, outdir);
  if (synthError) throw synthError;
  const template = Template.fromStack(stack);

  test('synthesizes with zero violations from every pack', () => {
    expect(report.pluginReports.map((r) => r.pluginName).sort()).toEqual([
      'AwsSolutions',
      'HIPAA.Security',
      'LeastPrivilege',
      'NIST.800.53.R5',
      'TemplateEvidence',
    ]);
    for (const pack of report.pluginReports) {
      expect(pack.violations).toEqual([]);
      expect(pack.conclusion).toBe('success');
    }
  });

  test('every acknowledged finding carries a specific reason', () => {
    for (const s of report.pluginReports.flatMap((r) => r.suppressedViolations ?? [])) {
      expect(s.reason.length).toBeGreaterThanOrEqual(20);
    }
  });

  test('runs the application server in an application subnet, in the patch group, with IMDSv2 and an encrypted root volume', () => {
    template.hasResourceProperties('AWS::EC2::Instance', {
      NetworkInterfaces: [
        Match.objectLike({
          AssociatePublicIpAddress: false,
          SubnetId: Match.anyValue(),
        }),
      ],
      Tags: Match.arrayWith([{ Key: 'PatchGroup', Value: 'hipaa-workloads' }]),
    });
    const [instance] = Object.values(template.findResources('AWS::EC2::Instance'));
    expect(JSON.stringify(instance)).toMatch(/NetworkVpcapplicationSubnet1Subnet/);
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({
        MetadataOptions: Match.objectLike({ HttpTokens: 'required', HttpPutResponseHopLimit: 1 }),
        BlockDeviceMappings: [
          Match.objectLike({ Ebs: Match.objectLike({ Encrypted: true, KmsKeyId: Match.anyValue() }) }),
        ],
      }),
    });
  });

  test('opens no SSH, RDP or any other ingress to the application server', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^Instances of patch group'),
      SecurityGroupIngress: Match.absent(),
    });
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  test('the document reader runs in the VPC on a supported runtime and may read the document bucket', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      VpcConfig: Match.objectLike({ SubnetIds: Match.anyValue() }),
      TracingConfig: { Mode: 'Active' },
    });
    expect(JSON.stringify(template.findResources('AWS::IAM::ManagedPolicy'))).toContain('s3:GetObject*');
  });

  test('sets Session Manager preferences and lets the application server use them', () => {
    template.hasResourceProperties('AWS::SSM::Document', {
      Name: 'SSM-SessionManagerRunShell',
      Content: Match.objectLike({
        inputs: Match.objectLike({ idleSessionTimeout: '15', runAsEnabled: false }),
      }),
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Description: 'Lets instances encrypt, stream and record Session Manager sessions',
      Roles: [{ Ref: Match.stringLikeRegexp('^AppServerTemplateRole') }],
    });
  });

  test('lets the application server write patching task output', () => {
    expect(JSON.stringify(template.findResources('AWS::IAM::ManagedPolicy'))).toContain('/patching/*');
  });
});
