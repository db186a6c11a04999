import { CfnParameter, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { PhiApi } from '../../constructs/api/phi-api';
import { HardenedFunction } from '../../constructs/compute/hardened-function';
import type { HardenedRepository } from '../../constructs/compute/hardened-repository';
import { PhiFargateService } from '../../constructs/containers/phi-fargate-service';
import { acknowledgeWildcards } from '../../constructs/core/policy-findings';
import { acknowledgeBuiltIn } from '../../constructs/core/private/acknowledge-built-in';
import type { RetentionProfile } from '../../constructs/core/retention';
import { PhiLoadBalancer } from '../../constructs/edge/phi-load-balancer';
import type { PhiVpc } from '../../constructs/network/phi-vpc';
import type { PhiBucket } from '../../constructs/storage/phi-bucket';
import type { PhiDatabase } from '../../constructs/storage/phi-database';
import type { PhiTable } from '../../constructs/storage/phi-table';

/** The database user the portal's tasks connect as (IAM authentication). */
export const PORTAL_DATABASE_USER = 'portal_app';
/** Aurora PostgreSQL's port (PhiDatabase keeps the engine default). */
const POSTGRES_PORT = 5432;
/** The port the portal's container serves HTTPS on. */
const PORTAL_PORT = 8443;

/** Lists a patient's clinical events: the partner API's one method. */
const EVENTS_READER_CODE = `
const { DynamoDBClient, QueryCommand } = require('@aws-sdk/client-dynamodb');
const db = new DynamoDBClient({});
exports.handler = async (event) => {
  const patientId = event.pathParameters && event.pathParameters.patientId;
  const result = await db.send(new QueryCommand({
    TableName: process.env.EVENTS_TABLE,
    KeyConditionExpression: 'patientId = :p',
    ExpressionAttributeValues: { ':p': { S: patientId } },
    Limit: 50,
  }));
  return { statusCode: 200, body: JSON.stringify({ count: result.Count }) };
};
`;

/** Properties of a {@link PatientPortalStack}. */
export interface PatientPortalStackProps extends StackProps {
  /** The PHI network, with public subnets for the load balancer (`internetIngress`) and application subnets. */
  readonly network: PhiVpc;
  /** The portal's image repository (the Workload stack's, so the image is pushed before this stack deploys). */
  readonly images: HardenedRepository;
  /** The immutable tag of the portal image. */
  readonly imageTag: string;
  /** Tasks the portal runs. */
  readonly desiredCount: number;
  /**
   * The ACM certificate of the HTTPS listener.
   *
   * @default - a `PortalCertificateArn` stack parameter, required at deployment (164.312(e)(2)(ii))
   */
  readonly certificateArn?: string;
  /** The patient documents the portal reads and writes. */
  readonly documents: PhiBucket;
  /** The clinical events the portal and the partner API read. */
  readonly events: PhiTable;
  /** The patient-records database the portal connects to. */
  readonly database: PhiDatabase;
  /** The user pool whose users call the partner API. */
  readonly userPool: cognito.IUserPool;
  /** How long the portal's logs are kept. */
  readonly logRetention: RetentionProfile;
}

/**
 * The reference app's patient-portal path (issue 17): an internet-facing HTTPS edge (`PhiLoadBalancer`:
 * TLS 1.2+/1.3, WAF with AWS managed rules and a rate rule, redacted six-year WAF logs) in front of a
 * hardened Fargate service (`PhiFargateService`) in the isolated application subnets, which reaches
 * Aurora (IAM authentication, TLS), DynamoDB and S3 only through the VPC's endpoints; and a partner API
 * (`PhiApi`, Cognito authorizer on every method) that reads the clinical events through a hardened
 * function. Serves 164.312(e)(1), 164.312(a)(1), 164.312(d), 164.312(b) and 164.308(a)(1)(ii)(D).
 */
export class PatientPortalStack extends Stack {
  /** The HTTPS edge. */
  public readonly edge: PhiLoadBalancer;
  /** The portal service. */
  public readonly portal: PhiFargateService;
  /** The partner API. */
  public readonly partnerApi: PhiApi;
  /** The function behind the partner API. */
  public readonly eventsReader: HardenedFunction;

  constructor(scope: Construct, id: string, props: PatientPortalStackProps) {
    super(scope, id, props);
    const application: ec2.SubnetSelection = { subnetGroupName: 'application' };
    const certificateArn =
      props.certificateArn ??
      new CfnParameter(this, 'PortalCertificateArn', {
        type: 'String',
        description: "ACM certificate ARN of the patient portal's HTTPS listener (same Region as this stack)",
        allowedPattern: '^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[A-Za-z0-9-]+$',
        constraintDescription: 'must be an ACM certificate ARN',
      }).valueAsString;

    this.portal = new PhiFargateService(this, 'Portal', {
      vpc: props.network.vpc,
      vpcSubnets: application,
      image: { repository: props.images, tag: props.imageTag },
      containerPort: PORTAL_PORT,
      desiredCount: props.desiredCount,
      environment: {
        DOCUMENTS_BUCKET: props.documents.bucket.bucketName,
        EVENTS_TABLE: props.events.table.tableName,
        DATABASE_HOST: props.database.cluster.clusterEndpoint.hostname,
        DATABASE_USER: PORTAL_DATABASE_USER,
      },
      logRetention: props.logRetention,
    });
    this.grantPortalData(props);
    acknowledgeBuiltIn(this.portal.taskDefinition, [
      {
        ruleId: 'AwsSolutions-ECS2',
        reason:
          'The environment holds only resource names (bucket, table, database host, database user); PhiFargateService rejects secret-like variable names, the database is reached with IAM authentication tokens, and secrets come only from Secrets Manager.',
      },
    ]);

    this.edge = new PhiLoadBalancer(this, 'Edge', {
      vpc: props.network.vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', certificateArn),
    });
    this.edge.addTargets('Portal', {
      targets: [this.portal.service],
      port: PORTAL_PORT,
      healthCheckPath: '/health',
    });

    this.eventsReader = new HardenedFunction(this, 'EventsReader', {
      vpc: props.network.vpc,
      vpcSubnets: application,
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(EVENTS_READER_CODE),
      environment: { EVENTS_TABLE: props.events.table.tableName },
      logRetention: props.logRetention,
    });
    props.events.grantReadData(this.eventsReader);
    this.partnerApi = new PhiApi(this, 'PartnerApi', {
      authorization: { cognito: { userPools: [props.userPool] } },
      description: 'Partner access to clinical events; every method needs a Cognito user pool token',
      logRetention: props.logRetention,
    });
    this.partnerApi.api.root
      .addResource('patients')
      .addResource('{patientId}')
      .addResource('events')
      .addMethod('GET', new apigateway.LambdaIntegration(this.eventsReader.function), {
        requestParameters: { 'method.request.path.patientId': true },
      });
  }

  /** Least-privilege data access of the portal's tasks: documents, events, and the database as one user. */
  private grantPortalData(props: PatientPortalStackProps): void {
    const documents = props.documents.grantReadWrite(this.portal);
    acknowledgeWildcards(
      this.portal.taskRole,
      documents.principalStatements,
      "CDK's grantReadWrite on the one clinical-documents bucket: wildcard actions are S3's object read/write families and the wildcard resource is that bucket's objects; the portal stores and reads any patient's document by key.",
    );
    props.events.grantReadData(this.portal);
    props.events.grantWriteData(this.portal);
    const keyFamilies =
      "CDK's grants on the records key that encrypts the documents bucket and the events table: kms:GenerateDataKey* and kms:ReEncrypt* are the data-key families S3 and DynamoDB call on the portal's behalf, on that one key only.";
    acknowledgeBuiltIn(this.portal.taskRole, [
      { ruleId: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', reason: keyFamilies },
      { ruleId: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]', reason: keyFamilies },
    ]);
    props.database.grantConnect(this.portal, PORTAL_DATABASE_USER);
    // Both rules live in this stack, so the data stack never refers to the portal (no dependency cycle).
    const postgres = ec2.Port.tcp(POSTGRES_PORT);
    this.portal.securityGroup.addEgressRule(
      ec2.Peer.securityGroupId(props.database.securityGroup.securityGroupId),
      postgres,
      'PostgreSQL over TLS to the patient-records database',
    );
    new ec2.CfnSecurityGroupIngress(this, 'DatabaseFromPortal', {
      groupId: props.database.securityGroup.securityGroupId,
      sourceSecurityGroupId: this.portal.securityGroup.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: POSTGRES_PORT,
      toPort: POSTGRES_PORT,
      description: 'PostgreSQL over TLS from the patient portal tasks',
    });
  }
}
