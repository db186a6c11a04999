import { RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * The bucket settings every bucket in the toolkit shares, PHI or log: all public access blocked, ACLs
 * disabled, versioning, TLS 1.2+ only, kept when the stack is deleted, never emptied automatically.
 * Not exported from the package: hardening is not a prop.
 */
export const HARDENED_BUCKET_PROPS = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  versioned: true,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  removalPolicy: RemovalPolicy.RETAIN,
  autoDeleteObjects: false,
} as const satisfies s3.BucketProps;
