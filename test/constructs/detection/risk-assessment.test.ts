import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { MANUAL_ATTESTATION_METADATA_KEY } from '../../../constructs/core/report-metadata';
import {
  type MACIE_JOB_DAYS,
  RiskAssessment,
  type RiskAssessmentProps,
} from '../../../constructs/detection/risk-assessment';
import { PhiBucket } from '../../../constructs/storage/phi-bucket';
import { newTestApp, newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';
import { unreplicated } from '../../helpers/phi-bucket-props';

type CustomResource = {
  Properties: { Create: unknown; Update?: unknown; Delete?: unknown };
  DependsOn?: string[];
};
const MACIE_ROLE =
  'arn:aws:iam::111122223333:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie';

/** The SDK call of a custom resource, with tokens rendered as their JSON so the text can be searched. */
const callText = (value: unknown) => JSON.stringify(value);
const customResources = (template: Template) =>
  Object.entries(template.findResources('Custom::AWS')) as [string, CustomResource][];

describe('RiskAssessment with a PHI bucket and a security contact', () => {
  const stack = newTestStack();
  const records = new PhiBucket(stack, 'Records', unreplicated());
  const risk = new RiskAssessment(stack, 'Risk', {
    phiBuckets: [records.bucket],
    securityContact: {
      name: 'Security Office',
      email: 'security@example.com',
      phone: '+1 (555) 010-0100',
      title: 'HIPAA Security Officer',
    },
  });
  const template = Template.fromStack(stack);
  const calls = customResources(template);
  const call = (prefix: string) => {
    const found = calls.find(([id]) => id.startsWith(prefix));
    if (!found) throw new Error(`no custom resource ${prefix}`);
    return found[1];
  };

  test('analyzes external access and access unused for 90 days', () => {
    template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', {
      Type: 'ACCOUNT',
      AnalyzerConfiguration: Match.absent(),
    });
    template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', {
      Type: 'ACCOUNT_UNUSED_ACCESS',
      AnalyzerConfiguration: { UnusedAccessConfiguration: { UnusedAccessAge: 90 } },
    });
  });

  test('enables Inspector for EC2, ECR, Lambda and Lambda code, and does nothing on delete', () => {
    const inspector = call('RiskInspector');
    expect(JSON.parse(inspector.Properties.Create as string)).toEqual(
      expect.objectContaining({
        service: 'Inspector2',
        action: 'enable',
        parameters: { resourceTypes: ['EC2', 'ECR', 'LAMBDA', 'LAMBDA_CODE'] },
        physicalResourceId: { id: 'inspector2-111122223333-us-east-1' },
        logApiResponseData: false,
      }),
    );
    expect(inspector.Properties.Update).toEqual(inspector.Properties.Create);
    expect(inspector.Properties.Delete).toBeUndefined();
  });

  test('gives the Inspector call only inspector2:Enable and the two service-linked roles', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          { Action: 'inspector2:Enable', Effect: 'Allow', Resource: '*' },
          {
            Action: 'iam:CreateServiceLinkedRole',
            Effect: 'Allow',
            Condition: { StringEquals: { 'iam:AWSServiceName': 'inspector2.amazonaws.com' } },
            Resource:
              'arn:aws:iam::111122223333:role/aws-service-role/inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2',
          },
          {
            Action: 'iam:CreateServiceLinkedRole',
            Effect: 'Allow',
            Condition: { StringEquals: { 'iam:AWSServiceName': 'agentless.inspector2.amazonaws.com' } },
            Resource:
              'arn:aws:iam::111122223333:role/aws-service-role/agentless.inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2Agentless',
          },
        ],
      },
    });
  });

  test('enables Macie publishing every 15 minutes', () => {
    template.hasResourceProperties('AWS::Macie::Session', {
      Status: 'ENABLED',
      FindingPublishingFrequency: 'FIFTEEN_MINUTES',
    });
  });

  test('schedules a weekly Macie discovery job over the PHI bucket, cancelled when removed', () => {
    const job = call('RiskMacieDiscovery');
    const create = callText(job.Properties.Create);
    expect(create).toContain('\\"action\\":\\"createClassificationJob\\"');
    expect(create).toContain('\\"jobType\\":\\"SCHEDULED\\"');
    expect(create).toContain('\\"scheduleFrequency\\":{\\"weeklySchedule\\":{\\"dayOfWeek\\":\\"SUNDAY\\"}}');
    expect(create).toContain('\\"managedDataIdentifierSelector\\":\\"RECOMMENDED\\"');
    expect(create).toContain('\\"accountId\\":\\"111122223333\\",\\"buckets\\":[\\""');
    expect(create).toMatch(/\{"Ref":"RecordsBucket[0-9A-F]{8}"\}/);
    expect(JSON.parse(job.Properties.Delete as string)).toEqual(
      expect.objectContaining({
        service: 'Macie2',
        action: 'updateClassificationJob',
        parameters: { jobId: 'PHYSICAL:RESOURCEID:', jobStatus: 'CANCELLED' },
      }),
    );
    expect(job.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^RiskMacie[0-9A-F]{8}$/)]));
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          {
            Action: ['macie2:CreateClassificationJob', 'macie2:UpdateClassificationJob'],
            Effect: 'Allow',
            Resource: 'arn:aws:macie2:us-east-1:111122223333:classification-job/*',
          },
        ],
      },
    });
  });

  test('opens the bucket key to the Macie service-linked role once Macie is enabled', () => {
    template.hasResource('AWS::KMS::Key', {
      Properties: {
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Sid: 'AllowMacieToDecryptForDiscovery',
              Principal: { AWS: MACIE_ROLE },
              Action: 'kms:Decrypt',
            }),
          ]),
        },
      },
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('^RiskMacie[0-9A-F]{8}$')]),
    });
  });

  test('sets the SECURITY alternate contact and leaves it in place on delete', () => {
    const contact = call('RiskSecurityContact');
    expect(JSON.parse(contact.Properties.Create as string)).toEqual(
      expect.objectContaining({
        service: 'Account',
        action: 'putAlternateContact',
        parameters: {
          AlternateContactType: 'SECURITY',
          Name: 'Security Office',
          EmailAddress: 'security@example.com',
          PhoneNumber: '+1 (555) 010-0100',
          Title: 'HIPAA Security Officer',
        },
      }),
    );
    expect(contact.Properties.Delete).toBeUndefined();
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          {
            Action: 'account:PutAlternateContact',
            Effect: 'Allow',
            Resource: 'arn:aws:account::111122223333:account',
          },
        ],
      },
    });
  });

  test('runs the SDK calls on a provider with no AWS-managed policy and an encrypted six-year log group', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^HipaaSdkCallProviderProviderLogs') } },
    });
    const roles = Object.values(template.findResources('AWS::IAM::Role')) as {
      Properties: { ManagedPolicyArns?: unknown; Policies?: unknown };
    }[];
    for (const role of roles) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.Policies).toBeUndefined();
    }
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 2192,
      KmsKeyId: Match.anyValue(),
    });
  });

  test('records no manual attestation when everything is set in code', () => {
    expect(risk.node.metadata.filter((m) => m.type === MANUAL_ATTESTATION_METADATA_KEY)).toEqual([]);
  });

  test('has no unacknowledged findings, the provider and Inspector exceptions acknowledged', () => {
    expectNoUnacknowledgedFindings(stack);
  });
});

describe('RiskAssessment with the PHI bucket in another stack and no contact', () => {
  const app = newTestApp();
  const env = { account: '111122223333', region: 'us-east-1' };
  const data = new Stack(app, 'Data', { env });
  const records = new PhiBucket(data, 'Records', unreplicated());
  const baseline = new Stack(app, 'Baseline', { env });
  const risk = new RiskAssessment(baseline, 'Risk', {
    phiBuckets: [records.bucket],
    macieJobDay: 'WEDNESDAY',
  });

  test('does not touch the other stack’s key and records attestations for it and for the contact', () => {
    expect(JSON.stringify(Template.fromStack(data).toJSON())).not.toContain('AWSServiceRoleForAmazonMacie');
    const attestations = risk.node.metadata
      .filter((m) => m.type === MANUAL_ATTESTATION_METADATA_KEY)
      .map((m) => m.data as { setting: string; citation: string; reason: string });
    expect(attestations.map((a) => a.setting)).toEqual([
      'Macie access to PHI bucket keys',
      'Account security alternate contact',
    ]);
    expect(attestations[0].reason).toContain('Data/Records/Bucket');
    expect(attestations[1].citation).toBe('164.308(a)(6)(ii)');
    expect(callText(Template.fromStack(baseline).toJSON())).toContain('WEDNESDAY');
  });
});

describe('RiskAssessment rejects bad input', () => {
  const build = (props: RiskAssessmentProps) => () => new RiskAssessment(newTestStack(), 'Risk', props);
  const contact = {
    name: 'Security Office',
    email: 'security@example.com',
    phone: '+1 555 0100',
    title: 'CISO',
  };

  test('rejects a malformed contact email and phone number', () => {
    const attempt = build({
      securityContact: { ...contact, email: 'security-at-example', phone: 'call us' },
    });
    expect(attempt).toThrow(
      /TestStack\/Risk: 'securityContact\.email' must be an email address of at most 254 characters \(164\.308\(a\)\(6\)\(ii\)\), got "security-at-example"/,
    );
    expect(attempt).toThrow(
      /'securityContact\.phone' must be 1 to 25 digits, spaces, \+, -, \( and \) \(164\.308\(a\)\(6\)\(ii\)\), got "call us"/,
    );
  });

  test('rejects an empty contact name and a title over 50 characters', () => {
    const attempt = build({ securityContact: { ...contact, name: '', title: 'x'.repeat(51) } });
    expect(attempt).toThrow(
      /'securityContact\.name' must be 1 to 64 characters \(164\.308\(a\)\(6\)\(ii\)\), got ""/,
    );
    expect(attempt).toThrow(/'securityContact\.title' must be 1 to 50 characters/);
  });

  test('rejects an unused-access age above 90 days and an unknown job day', () => {
    const attempt = build({
      unusedAccessAgeDays: 120,
      macieJobDay: 'FUNDAY' as (typeof MACIE_JOB_DAYS)[number],
    });
    expect(attempt).toThrow(
      /TestStack\/Risk: 'unusedAccessAgeDays' must be an integer from 1 to 90 \(164\.308\(a\)\(1\)\(ii\)\(A\)\), got 120/,
    );
    expect(attempt).toThrow(
      /'macieJobDay' must be one of "MONDAY", .*"SUNDAY" \(164\.308\(a\)\(1\)\(ii\)\(A\)\), got "FUNDAY"/,
    );
  });
});

describe('the compliance helper can fail for a custom resource', () => {
  test('an AwsCustomResource with generated permissions on every resource has findings', () => {
    const stack = newTestStack();
    new cr.AwsCustomResource(stack, 'PlainCall', {
      onCreate: {
        service: 'Inspector2',
        action: 'enable',
        parameters: { resourceTypes: ['EC2'] },
        physicalResourceId: cr.PhysicalResourceId.of('x'),
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
      installLatestAwsSdk: false,
    });
    const rules = collectUnacknowledgedFindings(stack).map((f) => f.ruleName);
    expect(rules).toEqual(
      expect.arrayContaining(['AwsSolutions-IAM5[Resource::*]', 'HIPAA.Security-IAMNoInlinePolicy']),
    );
  });
});
