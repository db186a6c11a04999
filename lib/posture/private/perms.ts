// The collector runs like any HardenedFunction: same VPC, tracing and log-writing permissions.
export {
  LAMBDA_VPC_ACTIONS,
  LOG_WRITE_ACTIONS,
  XRAY_WRITE_ACTIONS,
} from '../../../constructs/compute/private/perms';

/** Writing posture evidence objects (never reading, listing or deleting them). */
export const EVIDENCE_WRITE_ACTIONS = ['s3:PutObject'] as const;

/** Reading the intended (synthesized) report the collector compares with. */
export const INTENDED_READ_ACTIONS = ['s3:GetObject'] as const;

/** Encrypting new objects and messages with a customer-managed key. */
export const KEY_ENCRYPT_ACTIONS = ['kms:GenerateDataKey'] as const;

/** Decrypting with a customer-managed key (environment, queue, intended report). */
export const KEY_DECRYPT_ACTIONS = ['kms:Decrypt'] as const;
