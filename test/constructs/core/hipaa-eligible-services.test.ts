import reference from '../../../constructs/core/data/hipaa-eligible-services.json';
import {
  HIPAA_ELIGIBLE_CLOUDFORMATION_NAMESPACES,
  HIPAA_ELIGIBLE_IAM_NAMESPACES,
  HIPAA_ELIGIBLE_SERVICES_REFERENCE,
  parseHipaaEligibleServicesReference,
} from '../../../constructs/core/hipaa-eligible-services';

describe('the vendored HIPAA Eligible Services Reference', () => {
  test('names its source page, a retrieval date and how to refresh it', () => {
    expect(HIPAA_ELIGIBLE_SERVICES_REFERENCE.source).toBe(
      'https://aws.amazon.com/compliance/hipaa-eligible-services-reference/',
    );
    expect(HIPAA_ELIGIBLE_SERVICES_REFERENCE.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(HIPAA_ELIGIBLE_SERVICES_REFERENCE.note).toMatch(/refresh|compare/i);
  });

  test('maps services to IAM prefixes and CloudFormation namespaces, without duplicates', () => {
    expect(HIPAA_ELIGIBLE_IAM_NAMESPACES).toEqual(
      expect.arrayContaining(['ssm', 'ssmmessages', 'ec2messages']),
    );
    expect(HIPAA_ELIGIBLE_CLOUDFORMATION_NAMESPACES).toEqual(
      expect.arrayContaining(['AWS::AutoScaling', 'AWS::Bedrock', 'AWS::SES', 'AWS::MemoryDB']),
    );
    expect(new Set(HIPAA_ELIGIBLE_IAM_NAMESPACES).size).toBe(HIPAA_ELIGIBLE_IAM_NAMESPACES.length);
    expect(HIPAA_ELIGIBLE_IAM_NAMESPACES).not.toContain('gamelift');
  });

  test('rejects a malformed copy, listing every problem', () => {
    const broken = {
      ...reference,
      source: 'https://example.org',
      retrieved: 'last week',
      services: [{ name: 'Amazon S3', iamNamespaces: [], cloudFormationNamespaces: ['S3'] }],
    };
    expect(() => parseHipaaEligibleServicesReference(broken)).toThrow(
      /malformed \(164\.308\(b\)\(1\)\):[\s\S]*'source' must be[\s\S]*'retrieved' must be a YYYY-MM-DD date, got "last week"[\s\S]*services\[0\]\.iamNamespaces must be a non-empty list[\s\S]*services\[0\]\.cloudFormationNamespaces must be/,
    );
    expect(() => parseHipaaEligibleServicesReference({ ...reference, services: [] })).toThrow(
      /'services' must be a non-empty list/,
    );
  });
});
