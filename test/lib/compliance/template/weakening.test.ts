import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as guardduty from 'aws-cdk-lib/aws-guardduty';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cfninc from 'aws-cdk-lib/cloudformation-include';
import { PhiKey } from '../../../../constructs/encryption/phi-key';
import { PhiBucket } from '../../../../constructs/storage/phi-bucket';
import { PhiTable } from '../../../../constructs/storage/phi-table';
import { unreplicated } from '../../../helpers/phi-bucket-props';
import { synthFixture } from '../../../helpers/report-fixtures';

/** Synthesizes a gated fixture app built by `build` and returns the error synth threw (or fails). */
function synthError(build: (stack: Stack) => void): string {
  const { error, report } = synthFixture(build);
  expect(report.summary).toBeDefined();
  if (!error) throw new Error('synth passed, but the weakening should have failed it');
  return error.message;
}

/** An included template that opens SSH to the internet on a security group. */
function includedTemplate(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'included-'));
  const file = path.join(dir, 'legacy.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      Resources: {
        LegacySsh: {
          Type: 'AWS::EC2::SecurityGroup',
          Properties: {
            GroupDescription: 'legacy bastion',
            VpcId: 'vpc-0123456789abcdef0',
            SecurityGroupIngress: [{ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 22, ToPort: 22 }],
          },
        },
      },
    }),
  );
  return file;
}

describe('a weakening fails synth whichever way it reaches the template', () => {
  test('at its defaults the fixture app passes (the weakenings below are what fails it)', () => {
    const { error } = synthFixture((stack) => {
      new PhiBucket(stack, 'Records', unreplicated());
      new PhiTable(stack, 'Events', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    });
    expect(error).toBeUndefined();
  });

  test('a construct prop: an L2 bucket without versioning', () => {
    const message = synthError((stack) => {
      new s3.Bucket(stack, 'Unversioned', {
        encryption: s3.BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        versioned: false,
      });
    });
    expect(message).toMatch(/ERROR TemplateEvidence-S3BucketVersioning \[164\.312\(c\)\(1\)/);
    expect(message).toMatch(
      /Fixture\/Unversioned\w+ \(Fixture\/Unversioned\/Resource\): Properties\.VersioningConfiguration\.Status/,
    );
  });

  test('a property override: public access block relaxed on a PhiBucket', () => {
    const message = synthError((stack) => {
      const records = new PhiBucket(stack, 'Records', unreplicated());
      (records.bucket.node.defaultChild as s3.CfnBucket).addPropertyOverride(
        'PublicAccessBlockConfiguration.RestrictPublicBuckets',
        false,
      );
    });
    expect(message).toMatch(/ERROR TemplateEvidence-S3PublicAccessBlock \[164\.312\(a\)\(1\)/);
    expect(message).toMatch(
      /\(Fixture\/Records\/Bucket\/Resource\): Properties\.PublicAccessBlockConfiguration\.RestrictPublicBuckets/,
    );
  });

  test('a deletion override: point-in-time recovery removed from a PhiTable', () => {
    const message = synthError((stack) => {
      const events = new PhiTable(stack, 'Events', {
        partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      });
      (events.table.node.defaultChild as dynamodb.CfnTable).addPropertyDeletionOverride(
        'PointInTimeRecoverySpecification',
      );
    });
    expect(message).toMatch(/ERROR TemplateEvidence-DynamoDbTableRecovery \[164\.308\(a\)\(7\)\(ii\)\(A\)/);
    expect(message).toMatch(/Properties\.PointInTimeRecoverySpecification\.PointInTimeRecoveryEnabled/);
  });

  test('a property override: key rotation switched off on a PhiKey', () => {
    const message = synthError((stack) => {
      const key = new PhiKey(stack, 'Key', { dataDomain: 'records' });
      (key.key.node.defaultChild as kms.CfnKey).addPropertyOverride('EnableKeyRotation', false);
    });
    expect(message).toMatch(/ERROR TemplateEvidence-KmsKeyRotation \[164\.312\(a\)\(2\)\(iv\)/);
    expect(message).toMatch(/Properties\.EnableKeyRotation: EnableKeyRotation must be true, got false/);
  });

  test('a raw L1: a GuardDuty detector without its protection features', () => {
    const message = synthError((stack) => {
      new guardduty.CfnDetector(stack, 'Raw', { enable: true });
    });
    expect(message).toMatch(
      /ERROR TemplateEvidence-GuardDutyDetectorFeatures \[164\.308\(a\)\(1\)\(ii\)\(D\)/,
    );
    expect(message).toMatch(/Properties\.Features: Features must enable RDS_LOGIN_EVENTS, which is absent/);
  });

  test('an included template: a legacy security group with SSH open to the internet', () => {
    const message = synthError((stack) => {
      new cfninc.CfnInclude(stack, 'Legacy', { templateFile: includedTemplate() });
    });
    expect(message).toMatch(/ERROR TemplateEvidence-SecurityGroupAdminPorts \[164\.312\(a\)\(1\)/);
    expect(message).toMatch(
      /Fixture\/LegacySsh \(Fixture\/Legacy\/LegacySsh\): Properties\.SecurityGroupIngress\[0\]: .*opens port 22 to 0\.0\.0\.0\/0/,
    );
  });
});
