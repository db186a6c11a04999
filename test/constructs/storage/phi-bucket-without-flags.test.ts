import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PhiBucket } from '../../../constructs/storage/phi-bucket';
import { unreplicated } from '../../helpers/phi-bucket-props';

// A consumer's app may have none of the project's feature flags in its cdk.json.
describe('PhiBucket in an app without feature flags', () => {
  // Not a template-validation test: the CloudFormation validator stays off, as in newTestApp.
  const app = new App({ context: {}, builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Bare');
  new PhiBucket(stack, 'Records', unreplicated());
  const template = Template.fromStack(stack);

  test('access log delivery is granted by bucket policy, never by the LogDeliveryWrite ACL', () => {
    template.resourcePropertiesCountIs('AWS::S3::Bucket', { AccessControl: Match.anyValue() }, 0);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
          }),
        ]),
      },
    });
  });

  test('every bucket keeps ACLs disabled (bucket owner enforced)', () => {
    const buckets = Object.values(template.findResources('AWS::S3::Bucket'));
    expect(buckets.length).toBe(2);
    for (const bucket of buckets) {
      expect(bucket.Properties.OwnershipControls).toEqual({
        Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }],
      });
    }
  });
});
