import { Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { HardenedFunction } from '../../constructs/compute/hardened-function';
import { HardenedInstance } from '../../constructs/compute/hardened-instance';
import { HardenedRepository } from '../../constructs/compute/hardened-repository';
import { SessionManagerPreferences } from '../../constructs/compute/session-manager-preferences';
import { acknowledgeWildcards } from '../../constructs/core/policy-findings';
import type { RetentionProfile } from '../../constructs/core/retention';
import type { PatchSchedule } from '../../constructs/patching/patch-schedule';
import { PhiBucket } from '../../constructs/storage/phi-bucket';
import { REFERENCE_PATCH_GROUP } from './patching-stack';

/** A minimal reader: fetches one document named by the event and returns its size. */
const SAMPLE_READER_CODE = `
const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
const s3 = new S3Client({});
exports.handler = async (event) => {
  const object = await s3.send(new GetObjectCommand({ Bucket: process.env.DOCUMENTS_BUCKET, Key: event.key }));
  return { key: event.key, bytes: object.ContentLength };
};
`;

/** Properties of a {@link WorkloadStack}. */
export interface WorkloadStackProps extends StackProps {
  /** The PHI network (e.g. `DataProtectionStack.network.vpc`), with `application` subnets. */
  readonly vpc: ec2.IVpc;
  /**
   * The bucket the document reader reads.
   *
   * @default - a new {@link PhiBucket} in this stack
   */
  readonly documents?: PhiBucket;
  /**
   * The patching schedule whose task output the application server writes.
   *
   * @default - task output permissions are not granted
   */
  readonly patchSchedule?: PatchSchedule;
  /**
   * The patch group the application server joins.
   *
   * @default REFERENCE_PATCH_GROUP ('hipaa-workloads')
   */
  readonly patchGroup?: string;
  /**
   * The application server's instance type.
   *
   * @default t3.micro
   */
  readonly instanceType?: ec2.InstanceType;
  /**
   * How long function and session logs are kept.
   *
   * @default RetentionProfile.SIX_YEARS (164.316(b)(2)(i))
   */
  readonly logRetention?: RetentionProfile;
}

/**
 * The reference workload layer (strategy 7, compute): an application server from a hardened launch
 * template in the application subnets, in the patch group; a hardened Lambda function that reads the
 * PHI document bucket; and Session Manager preferences so shell access is encrypted, logged and times
 * out.
 */
export class WorkloadStack extends Stack {
  /** The application server. */
  public readonly appServer: HardenedInstance;
  /** The document reader function. */
  public readonly documentReader: HardenedFunction;
  /** The bucket the reader reads. */
  public readonly documents: PhiBucket;
  /** Session Manager preferences. */
  public readonly sessions: SessionManagerPreferences;
  /** The patient portal's images: scanned on push and continuously, immutable tags, CMK-encrypted. */
  public readonly portalImages: HardenedRepository;

  constructor(scope: Construct, id: string, props: WorkloadStackProps) {
    super(scope, id, props);
    const application: ec2.SubnetSelection = { subnetGroupName: 'application' };

    this.documents =
      props.documents ??
      new PhiBucket(this, 'Documents', {
        withoutReplication: {
          reason:
            "A stand-alone workload stack without a documents bucket passed in; the reference app passes the DataProtection stack's replicated ClinicalDocuments bucket instead.",
        },
      });

    this.portalImages = new HardenedRepository(this, 'PortalImages', { repositoryName: 'patient-portal' });

    this.appServer = new HardenedInstance(this, 'AppServer', {
      vpc: props.vpc,
      vpcSubnets: application,
      instanceType: props.instanceType ?? new ec2.InstanceType('t3.micro'),
      patchGroup: props.patchGroup ?? REFERENCE_PATCH_GROUP,
    });
    props.patchSchedule?.grantTaskOutput(this.appServer);

    this.documentReader = new HardenedFunction(this, 'DocumentReader', {
      vpc: props.vpc,
      vpcSubnets: application,
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(SAMPLE_READER_CODE),
      environment: { DOCUMENTS_BUCKET: this.documents.bucket.bucketName },
      logRetention: props.logRetention,
    });
    const read = this.documents.grantRead(this.documentReader);
    acknowledgeWildcards(
      this.documentReader.role,
      read.principalStatements,
      "CDK's grantRead on one PHI bucket: the wildcard actions are S3's read-only Get*/List* families and the wildcard resource is that bucket's objects; the reader must read any document by key.",
    );

    this.sessions = new SessionManagerPreferences(this, 'SessionPreferences', {
      logRetention: props.logRetention,
    });
    this.sessions.allowInstanceRole(this.appServer.template.role);
  }
}
