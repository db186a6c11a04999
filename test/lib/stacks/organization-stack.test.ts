import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildReferenceApp } from '../../../lib/reference-app';
import { projectFeatureFlags } from '../../helpers/app';

const ORGANIZATION = {
  homeRegion: 'us-east-1',
  regions: ['us-east-1', 'us-west-2'],
  delegatedAdminAccountId: '111122223333',
  memberOrganizationalUnitIds: ['ou-ab12-cdef3456'],
};

describe('the reference app with hipaaBaseline.organization configured', () => {
  const app = new App({
    context: {
      ...projectFeatureFlags(),
      hipaaBaseline: { environmentName: 'org', organization: ORGANIZATION },
    },
  });
  const stacks = buildReferenceApp(app, { complianceGate: false });

  test('adds a member-baseline StackSet in the delegated-admin account, targeting the OUs and Regions', () => {
    expect(stacks.organization?.account).toBe('111122223333');
    Template.fromStack(stacks.organization as NonNullable<typeof stacks.organization>).hasResourceProperties(
      'AWS::CloudFormation::StackSet',
      {
        PermissionModel: 'SERVICE_MANAGED',
        AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: true },
        StackInstancesGroup: [
          {
            DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-cdef3456'] },
            Regions: ['us-east-1', 'us-west-2'],
          },
        ],
        TemplateBody: Match.stringLikeRegexp('AWS::Backup::BackupVault'),
      },
    );
  });

  test('without the key there is no organization stack', () => {
    const plain = new App({
      context: { ...projectFeatureFlags(), hipaaBaseline: { environmentName: 'plain' } },
    });
    expect(buildReferenceApp(plain, { complianceGate: false }).organization).toBeUndefined();
  });

  test('a bad organization configuration is a clear error', () => {
    const bad = new App({
      context: {
        ...projectFeatureFlags(),
        hipaaBaseline: { environmentName: 'bad', organization: { ...ORGANIZATION, regions: ['eu-west-1'] } },
      },
    });
    expect(() => buildReferenceApp(bad, { complianceGate: false })).toThrow(
      /hipaaBaseline\.organization\.regions must include homeRegion us-east-1/,
    );
  });
});
