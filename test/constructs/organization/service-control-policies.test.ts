import { Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HIPAA_ELIGIBLE_SERVICES_REFERENCE } from '../../../constructs/core/hipaa-eligible-services';
import {
  BASELINE_CONTROL_PLANE_PREFIXES,
  MAX_SCP_CHARACTERS,
  type ScpDocument,
  ServiceControlPolicies,
} from '../../../constructs/organization/service-control-policies';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings } from '../../helpers/findings';
import { evaluate, type Request, type Statement } from '../../helpers/iam-evaluator';

const ROOT = 'r-ab12';
const PHI_OU = 'ou-ab12-abcdefgh';
const MEMBER = 'arn:aws:iam::111122223333:role/Developer';
const ADMIN = 'arn:aws:iam::111122223333:role/OrganizationAccountAccessRole';

/**
 * SCPs only filter: a request is "denied by SCP" when any Deny statement matches, otherwise not. The
 * adapter adds an Allow-everything statement (the FullAWSAccess SCP) so the evaluator answers Allow
 * for "not denied".
 */
function scpDecision(documents: readonly ScpDocument[], request: Request) {
  const statements = documents.flatMap((d) => d.Statement) as unknown as Statement[];
  return evaluate([...statements, { Effect: 'Allow', Action: '*', Resource: '*' }], request);
}

const req = (action: string, region: string, principal = MEMBER): Request => ({
  action,
  resource: '*',
  context: { 'aws:PrincipalArn': principal, 'aws:RequestedRegion': region },
});

describe('ServiceControlPolicies', () => {
  const stack = newTestStack();
  const scps = new ServiceControlPolicies(stack, 'Scps', {
    targetIds: [ROOT],
    allowedRegions: ['us-east-1', 'us-west-2'],
    phiOrganizationalUnitIds: [PHI_OU],
  });
  const template = Template.fromStack(stack);
  const baseline = [
    scps.documents.DenyLeaveOrganization,
    scps.documents.ProtectSecurityServices,
    scps.documents.RestrictRegions,
  ] as ScpDocument[];
  const phi = [...baseline, scps.documents.HipaaEligibleServicesOnly as ScpDocument];

  test('creates four SCPs attached to the root and the PHI OU', () => {
    template.resourceCountIs('AWS::Organizations::Policy', 4);
    template.hasResourceProperties('AWS::Organizations::Policy', {
      Type: 'SERVICE_CONTROL_POLICY',
      Name: 'hipaa-deny-leave-organization',
      TargetIds: [ROOT],
    });
    template.hasResourceProperties('AWS::Organizations::Policy', {
      Name: 'hipaa-hipaa-eligible-services-only',
      TargetIds: [PHI_OU],
    });
  });

  test('no SCP statement allows anything', () => {
    for (const document of Object.values(scps.documents)) {
      for (const statement of document.Statement) expect(statement.Effect).toBe('Deny');
    }
  });

  test('every SCP fits the 5,120-character limit', () => {
    for (const document of Object.values(scps.documents)) {
      expect(JSON.stringify(document).length).toBeLessThanOrEqual(MAX_SCP_CHARACTERS);
    }
  });

  test('a member cannot stop the trail but the security-admin role can', () => {
    expect(scpDecision(baseline, req('cloudtrail:StopLogging', 'us-east-1'))).toBe('ExplicitDeny');
    expect(scpDecision(baseline, req('guardduty:DeleteDetector', 'us-east-1'))).toBe('ExplicitDeny');
    expect(scpDecision(baseline, req('cloudtrail:StopLogging', 'us-east-1', ADMIN))).toBe('Allow');
  });

  test('members cannot leave the organization', () => {
    expect(scpDecision(baseline, req('organizations:LeaveOrganization', 'us-east-1', ADMIN))).toBe(
      'ExplicitDeny',
    );
  });

  test('regional actions outside allowedRegions are denied, global services are not', () => {
    expect(scpDecision(baseline, req('ec2:RunInstances', 'eu-west-1'))).toBe('ExplicitDeny');
    expect(scpDecision(baseline, req('ec2:RunInstances', 'us-west-2'))).toBe('Allow');
    expect(scpDecision(baseline, req('iam:CreateRole', 'eu-west-1'))).toBe('Allow');
    expect(scpDecision(baseline, req('iam:CreateRole', 'ap-southeast-2'))).toBe('Allow');
  });

  test('in a PHI OU non-eligible services are denied and eligible ones are not', () => {
    expect(scpDecision(phi, req('gamelift:CreateFleet', 'us-east-1'))).toBe('ExplicitDeny');
    expect(scpDecision(phi, req('s3:GetObject', 'us-east-1'))).toBe('Allow');
    expect(scpDecision(phi, req('sts:AssumeRole', 'us-east-1'))).toBe('Allow');
    expect(scpDecision(baseline, req('gamelift:CreateFleet', 'us-east-1'))).toBe('Allow');
  });

  test('every IAM namespace of every service on the vendored HIPAA reference is allowed in a PHI OU', () => {
    const denied = HIPAA_ELIGIBLE_SERVICES_REFERENCE.services.flatMap((service) =>
      service.iamNamespaces
        .filter((ns) => scpDecision(phi, req(`${ns}:AnyAction`, 'us-east-1')) !== 'Allow')
        .map((ns) => `${service.name}: ${ns}`),
    );
    expect(denied).toEqual([]);
    expect(HIPAA_ELIGIBLE_SERVICES_REFERENCE.services.length).toBeGreaterThan(100);
  });

  test('Session Manager, Patch Manager and eligible services the hand-kept list missed are allowed', () => {
    for (const action of [
      'ssmmessages:OpenDataChannel',
      'ec2messages:GetMessages',
      'autoscaling:CreateAutoScalingGroup',
      'bedrock:InvokeModel',
      'ses:SendEmail',
      'scheduler:CreateSchedule',
      'network-firewall:CreateFirewall',
      'route53resolver:CreateResolverEndpoint',
      'memorydb:CreateCluster',
    ]) {
      expect([action, scpDecision(phi, req(action, 'us-east-1'))]).toEqual([action, 'Allow']);
    }
  });

  test('the control-plane services the baseline calls are always allowed in a PHI OU', () => {
    for (const prefix of ['ssm', 'ssmmessages', 'ec2messages', 'cloudwatch', 'logs', 'kms', 'sts']) {
      expect(BASELINE_CONTROL_PLANE_PREFIXES).toContain(prefix);
    }
    for (const prefix of BASELINE_CONTROL_PLANE_PREFIXES) {
      expect([prefix, scpDecision(phi, req(`${prefix}:Describe`, 'us-east-1'))]).toEqual([prefix, 'Allow']);
    }
  });

  test('the eligible-services SCP fits the limit with room for the reference to grow', () => {
    const size = JSON.stringify(scps.documents.HipaaEligibleServicesOnly).length;
    expect(size).toBeLessThanOrEqual(MAX_SCP_CHARACTERS);
    expect(size).toBeGreaterThan(2000); // it really holds the ~160 prefixes
  });

  test('the eligible-services SCP names the date of the reference it was built from', () => {
    template.hasResourceProperties('AWS::Organizations::Policy', {
      Name: 'hipaa-hipaa-eligible-services-only',
      Description: Match.stringLikeRegexp(`reference of ${HIPAA_ELIGIBLE_SERVICES_REFERENCE.retrieved}`),
    });
  });

  test('a fixture without the admin exception denies the security admin too', () => {
    const broken = JSON.parse(JSON.stringify(scps.documents.ProtectSecurityServices));
    delete broken.Statement[0].Condition;
    expect(scpDecision([broken], req('cloudtrail:StopLogging', 'us-east-1', ADMIN))).toBe('ExplicitDeny');
  });

  test('at defaults, the only finding is the missing data perimeter, which ResourceControlPolicies adds', () => {
    // Covered in resource-control-policies.test.ts: the SCPs and the RCPs together have no finding.
    expect(collectUnacknowledgedFindings(scps).map((f) => f.ruleName)).toEqual([
      'TemplateEvidence-OrganizationResourcePerimeter',
    ]);
  });
});

describe('ServiceControlPolicies without PHI OUs', () => {
  test('creates no eligible-services SCP and honours custom admin roles', () => {
    const stack = newTestStack();
    const scps = new ServiceControlPolicies(stack, 'Scps', {
      targetIds: ['ou-ab12-abcdefgh'],
      allowedRegions: ['us-east-1'],
      securityAdminRoleArns: ['arn:aws:iam::*:role/SecurityAdmin'],
    });
    expect(scps.hipaaEligibleServicesOnly).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::Organizations::Policy', 3);
    const docs = [scps.documents.ProtectSecurityServices as ScpDocument];
    expect(scpDecision(docs, req('config:StopConfigurationRecorder', 'us-east-1', MEMBER))).toBe(
      'ExplicitDeny',
    );
    expect(
      scpDecision(
        docs,
        req('config:StopConfigurationRecorder', 'us-east-1', 'arn:aws:iam::111122223333:role/SecurityAdmin'),
      ),
    ).toBe('Allow');
    expect(scpDecision(docs, req('config:StopConfigurationRecorder', 'us-east-1', ADMIN))).toBe(
      'ExplicitDeny',
    );
  });
});

describe('ServiceControlPolicies validation', () => {
  const base = { targetIds: [ROOT], allowedRegions: ['us-east-1'] };
  const make = (props: Partial<typeof base> & Record<string, unknown>) =>
    new ServiceControlPolicies(newTestStack(), 'Scps', { ...base, ...props });

  test('rejects empty allowedRegions', () => {
    expect(() => make({ allowedRegions: [] })).toThrow(
      /Scps: 'allowedRegions' must be a non-empty list of Region names.*\(164\.308\(a\)\(4\)\(i\)\), got \[\]/,
    );
  });
  test('rejects an invalid region name', () => {
    expect(() => make({ allowedRegions: ['US_EAST'] })).toThrow(
      /Scps: 'allowedRegions\[0\]' must be .*\(164\.308\(a\)\(4\)\(i\)\), got "US_EAST"/,
    );
  });
  test('rejects a bad target id', () => {
    expect(() => make({ targetIds: ['123456789012'] })).toThrow(
      /Scps: 'targetIds\[0\]' must be .*root ids.*\(164\.308\(a\)\(1\)\(ii\)\(B\)\), got "123456789012"/,
    );
  });
  test('rejects a token target id', () => {
    const stack = newTestStack();
    expect(
      () =>
        new ServiceControlPolicies(stack, 'Scps', {
          ...base,
          targetIds: [Token.asString({ Ref: 'RootId' })],
        }),
    ).toThrow(/Scps: 'targetIds\[0\]' .*\(164\.308\(a\)\(1\)\(ii\)\(B\)\), got an unresolved token/);
  });
  test('rejects a bad PHI OU id', () => {
    expect(() => make({ phiOrganizationalUnitIds: ['r-ab12'] })).toThrow(
      /Scps: 'phiOrganizationalUnitIds\[0\]' must be .*OU ids.*\(164\.308\(a\)\(4\)\(i\)\), got "r-ab12"/,
    );
  });
  test('rejects a security admin that is not a role ARN', () => {
    expect(() => make({ securityAdminRoleArns: ['arn:aws:iam::*:user/bob'] })).toThrow(
      /Scps: 'securityAdminRoleArns\[0\]' must be .*\(164\.312\(b\)\), got "arn:aws:iam::\*:user\/bob"/,
    );
  });
  test('rejects an SCP larger than 5,120 characters', () => {
    const regions = Array.from({ length: 400 }, (_, i) => `us-east-${(i % 99) + 1}`);
    expect(() => make({ allowedRegions: regions })).toThrow(
      /Scps\/RestrictRegions: the SCP document is \d+ characters; AWS Organizations allows 5120 \(164\.308\(a\)\(1\)\(ii\)\(B\)\)/,
    );
  });
});
