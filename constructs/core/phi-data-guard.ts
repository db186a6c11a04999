import { AspectPriority, Aspects, CfnResource, type IAspect, TagManager } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { Citation } from './citations';
import { missingEncryption } from './encryption-at-rest';
import { DATA_CLASSIFICATION_TAG, PHI_CLASSIFICATION, PhiClassification } from './phi-classification';

/**
 * Tags every taggable resource below a scope marked with {@link PhiClassification.mark} as
 * `DataClassification=PHI`.
 */
class PhiTagger implements IAspect {
  public visit(node: IConstruct): void {
    if (TagManager.isTaggable(node) && PhiClassification.isPhi(node)) {
      node.tags.setTag(DATA_CLASSIFICATION_TAG, PHI_CLASSIFICATION, 200, true);
    }
  }
}

/**
 * Refuses synthesis when a bucket, table, database, log group, SNS topic or SQS queue anywhere in the
 * app is left unencrypted, including resources created outside this toolkit. Runs after every mutating
 * aspect, so it judges the template that will be deployed.
 */
class EncryptionAtRestGuard implements IAspect {
  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node)) return;
    const missing = missingEncryption(node);
    if (missing === undefined) return;
    const message =
      `${node.node.path}: ${node.cfnResourceType} is not encrypted at rest; set ${missing}. ` +
      `Every data store in a HIPAA baseline app must be encrypted (${Citation.ENCRYPTION_AT_REST}).`;
    node.node.addValidation({ validate: () => [message] });
  }
}

/**
 * The app-wide data-protection aspects: PHI tagging and the encryption-at-rest guard.
 *
 * @example
 * PhiDataGuard.applyTo(app);
 */
export class PhiDataGuard {
  /**
   * Adds both aspects to `scope` (normally the app). Idempotent: applying twice adds them once.
   *
   * Synthesis then fails with one message per unencrypted data store, each naming its construct path.
   */
  public static applyTo(scope: IConstruct): void {
    const aspects = Aspects.of(scope);
    if (aspects.all.some((a) => a instanceof PhiTagger)) return;
    aspects.add(new PhiTagger(), { priority: AspectPriority.MUTATING });
    aspects.add(new EncryptionAtRestGuard(), { priority: AspectPriority.READONLY });
  }
}
