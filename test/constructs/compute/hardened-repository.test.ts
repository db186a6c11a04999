import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  HardenedRepository,
  type HardenedRepositoryProps,
} from '../../../constructs/compute/hardened-repository';
import { newTestStack } from '../../helpers/app';
import { collectUnacknowledgedFindings, expectNoUnacknowledgedFindings } from '../../helpers/findings';

describe('HardenedRepository at its defaults', () => {
  const stack = newTestStack();
  const images = new HardenedRepository(stack, 'Images');
  new HardenedRepository(stack, 'MoreImages', { keepTaggedImages: 20 });
  const template = Template.fromStack(stack);

  test('scans on push, keeps tags immutable and encrypts with its own CMK', () => {
    template.hasResourceProperties('AWS::ECR::Repository', {
      ImageScanningConfiguration: { ScanOnPush: true },
      ImageTagMutability: 'IMMUTABLE',
      EncryptionConfiguration: {
        EncryptionType: 'KMS',
        KmsKey: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ImagesKey'), 'Arn'] },
      },
      EmptyOnDelete: false,
    });
  });

  test('expires untagged images after 14 days and keeps the newest 100 tagged images', () => {
    const [repository] = Object.values(template.findResources('AWS::ECR::Repository')) as {
      Properties: { LifecyclePolicy: { LifecyclePolicyText: string } };
    }[];
    const rules = JSON.parse(repository.Properties.LifecyclePolicy.LifecyclePolicyText).rules;
    expect(rules).toEqual([
      expect.objectContaining({
        selection: {
          tagStatus: 'untagged',
          countType: 'sinceImagePushed',
          countNumber: 14,
          countUnit: 'days',
        },
      }),
      expect.objectContaining({
        selection: {
          tagStatus: 'tagged',
          tagPatternList: ['*'],
          countType: 'imageCountMoreThan',
          countNumber: 100,
        },
      }),
    ]);
  });

  test('is retained when the stack is deleted', () => {
    template.hasResource('AWS::ECR::Repository', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('turns on continuous enhanced scanning for the registry once per stack', () => {
    template.resourceCountIs('AWS::ECR::RegistryScanningConfiguration', 1);
    template.hasResourceProperties('AWS::ECR::RegistryScanningConfiguration', {
      ScanType: 'ENHANCED',
      Rules: [
        { ScanFrequency: 'CONTINUOUS_SCAN', RepositoryFilters: [{ Filter: '*', FilterType: 'WILDCARD' }] },
      ],
    });
    expect(images.registryScanning).toBeDefined();
  });

  test('has no repository policy and no unacknowledged findings', () => {
    template.hasResourceProperties('AWS::ECR::Repository', { RepositoryPolicyText: Match.absent() });
    expectNoUnacknowledgedFindings(images);
  });
});

describe('HardenedRepository options', () => {
  test('leaves registry scanning alone when enhanced scanning is off', () => {
    const stack = newTestStack();
    const images = new HardenedRepository(stack, 'Images', { enableEnhancedScanning: false });
    Template.fromStack(stack).resourceCountIs('AWS::ECR::RegistryScanningConfiguration', 0);
    expect(images.registryScanning).toBeUndefined();
  });

  test('grantPull grants pull actions on this repository only', () => {
    const stack = newTestStack();
    const images = new HardenedRepository(stack, 'Images');
    const role = new iam.Role(stack, 'Puller', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    });
    images.grantPull(role);
    const policy = JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
    expect(policy).toContain('ecr:BatchGetImage');
    expect(policy).not.toContain('ecr:PutImage');
  });
});

describe('HardenedRepository rejects invalid props', () => {
  const build = (props: HardenedRepositoryProps) => () =>
    new HardenedRepository(newTestStack(), 'Images', props);

  test('rejects keeping no tagged images', () => {
    expect(build({ keepTaggedImages: 0 })).toThrow(
      /TestStack\/Images: 'keepTaggedImages' must be an integer from 1 to 10000 \(164\.308\(a\)\(1\)\(ii\)\(B\)\), got 0/,
    );
  });

  test('rejects a repository name ECR does not accept', () => {
    expect(build({ repositoryName: 'Patient Images' })).toThrow(
      /TestStack\/Images: 'repositoryName' must be a repository name .* got "Patient Images"/,
    );
  });
});

describe('the compliance helper can fail for repositories', () => {
  test('a repository open to any principal is flagged', () => {
    const stack = newTestStack();
    const open = new ecr.Repository(stack, 'Open');
    open.addToResourcePolicy(
      new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['ecr:BatchGetImage'] }),
    );
    expect(collectUnacknowledgedFindings(open).map((f) => f.ruleName)).toContain('AwsSolutions-ECR1');
  });

  test('a repository with mutable tags, no scan on push and AES256 is flagged by the template rule', () => {
    const stack = newTestStack();
    const plain = new ecr.Repository(stack, 'Plain');
    expect(collectUnacknowledgedFindings(plain).map((f) => f.ruleName)).toContain(
      'TemplateEvidence-EcrRepositoryHardening',
    );
  });
});
