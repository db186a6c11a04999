import { Citation } from '../../../../constructs/core/citations';
import { type Resolved, Unresolved } from '../../template/resolve';
import {
  fail,
  NOT_APPLICABLE,
  type Problem,
  type ResourceView,
  type TemplateRule,
  unverified,
} from '../../template/rule';
import { refOf, type TemplateResource, type TemplateSet } from '../../template/template-set';
import { type ArnSegment, arnSegments } from '../private/arn-segments';
import { isObject, type Json } from '../private/json-values';

const literal = (s: ArnSegment | undefined, pattern: RegExp) =>
  s !== undefined && 'literal' in s && pattern.test(s.literal);
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ACCOUNT = /^\d{12}$/;

/** Where a rule's replicas go, judged from its destination bucket, replica key and account. */
function destinationPlace(
  rule: Json,
  view: ResourceView,
  set: TemplateSet,
): 'elsewhere' | 'here' | 'unknown' {
  const destination = isObject(rule.Destination) ? rule.Destination : {};
  const bucket = destination.Bucket;
  // A bucket of this template is in this Region and account.
  if (refOf(bucket)?.stackName === view.resource.stackName) return 'here';
  const bucketName = arnSegments(bucket)?.[5];
  const ownNames = set
    .ofType('AWS::S3::Bucket')
    .filter((b: TemplateResource) => b.stackName === view.resource.stackName)
    .map((b) => b.properties.BucketName);
  if (bucketName && 'literal' in bucketName && ownNames.includes(bucketName.literal)) return 'here';
  if (typeof destination.Account === 'string' && ACCOUNT.test(destination.Account)) return 'elsewhere';
  // S3 requires the replica key in the replica bucket's Region, so the key tells where the replica is.
  const key = isObject(destination.EncryptionConfiguration)
    ? destination.EncryptionConfiguration.ReplicaKmsKeyID
    : undefined;
  if (refOf(key)?.stackName === view.resource.stackName) return 'here';
  const segments = arnSegments(key);
  if (!segments || bucket === undefined || bucket instanceof Unresolved) return 'unknown';
  if (literal(segments[3], REGION) || literal(segments[4], ACCOUNT)) return 'elsewhere';
  const own = (s: ArnSegment | undefined, pseudo: string) =>
    s !== undefined && 'pseudo' in s && s.pseudo === pseudo;
  return own(segments[3], 'AWS::Region') ? 'here' : 'unknown';
}

/** What keeps one replication rule from copying every object, KMS-encrypted, to another place. */
function ruleProblems(rule: Resolved, path: string, view: ResourceView, set: TemplateSet): Problem[] {
  if (!isObject(rule)) return [unverified(path, rule, 'a replication rule')];
  const problems: Problem[] = [];
  if (rule.Status !== 'Enabled')
    problems.push(
      fail(`${path}.Status`, `${path}.Status must be "Enabled", got ${JSON.stringify(rule.Status ?? null)}`),
    );
  const filter = isObject(rule.Filter) ? rule.Filter : {};
  const partial =
    (rule.Prefix !== undefined && rule.Prefix !== '') ||
    (filter.Prefix !== undefined && filter.Prefix !== '') ||
    filter.And !== undefined ||
    filter.TagFilter !== undefined;
  if (partial)
    problems.push(fail(`${path}.Filter`, `${path} replicates only objects matching a prefix or tags`));
  const place = destinationPlace(rule, view, set);
  const destination = `${path}.Destination`;
  if (place === 'here')
    problems.push(
      fail(`${destination}.Bucket`, `${destination} is a bucket of this template's Region and account`),
    );
  if (place === 'unknown')
    problems.push(
      unverified(
        `${destination}.Bucket`,
        isObject(rule.Destination) ? rule.Destination.Bucket : undefined,
        'a bucket of another Region or account',
      ),
    );
  const encryption = isObject(rule.Destination) ? rule.Destination.EncryptionConfiguration : undefined;
  const key = isObject(encryption) ? encryption.ReplicaKmsKeyID : undefined;
  if (key === undefined || key === '')
    problems.push(
      fail(
        `${destination}.EncryptionConfiguration.ReplicaKmsKeyID`,
        `${destination}.EncryptionConfiguration.ReplicaKmsKeyID must name the replica's customer-managed key`,
      ),
    );
  const criteria = isObject(rule.SourceSelectionCriteria) ? rule.SourceSelectionCriteria : {};
  const sseKms = isObject(criteria.SseKmsEncryptedObjects)
    ? criteria.SseKmsEncryptedObjects.Status
    : undefined;
  if (sseKms !== 'Enabled')
    problems.push(
      fail(
        `${path}.SourceSelectionCriteria.SseKmsEncryptedObjects.Status`,
        `${path}.SourceSelectionCriteria.SseKmsEncryptedObjects.Status must be "Enabled" (SSE-KMS objects are skipped otherwise), got ${JSON.stringify(sseKms ?? null)}`,
      ),
    );
  return problems;
}

/**
 * Every bucket tagged `DataClassification=PHI` replicates to a bucket in another Region or account: its
 * ReplicationConfiguration has a role and an enabled rule for all objects whose destination is not a
 * bucket of the same template (an ARN naming another bucket; the replica key's ARN names a Region or
 * account, or Destination.Account names one), with ReplicaKmsKeyID set and SSE-KMS objects selected.
 * That the named Region differs from the stack's is checked by PhiBucket at synth (Region known) or by its
 * CloudFormation rule at deployment. Access-log destinations are not judged; a PhiBucket's
 * `withoutReplication`, and a PhiReplicaBucket (itself the replica), are acknowledged with their reasons.
 */
export const S3PhiReplication: TemplateRule = {
  id: 'S3PhiReplication',
  citations: [Citation.DATA_BACKUP, Citation.DISASTER_RECOVERY],
  severity: 'error',
  resourceTypes: ['AWS::S3::Bucket'],
  rationale:
    'Versioning undoes overwrites and deletes, but not the loss of a Region or an account: a replica of every object in another Region, encrypted with its own customer-managed key, is the retrievable exact copy the data backup and disaster recovery plans restore ePHI from.',
  fix: 'Give the PhiBucket replicateTo (a PhiReplicaBucket in a second Region, PhiReplicaBucket.replicationTarget), or set ReplicationConfiguration with a Role and an Enabled rule for all objects to a bucket of another Region or account, with Destination.EncryptionConfiguration.ReplicaKmsKeyID and SourceSelectionCriteria.SseKmsEncryptedObjects.Status Enabled.',
  check: (view, set) => {
    if (!view.resource.isPhi) return NOT_APPLICABLE;
    if (
      set.referrers(view.resource, 'AWS::S3::Bucket', 'LoggingConfiguration.DestinationBucketName').length > 0
    )
      return NOT_APPLICABLE;
    const configuration = view.get('ReplicationConfiguration');
    if (configuration === undefined)
      return [
        fail(
          'ReplicationConfiguration',
          'ReplicationConfiguration must be set: the PHI bucket has no replica in another Region',
        ),
      ];
    if (!isObject(configuration))
      return [unverified('ReplicationConfiguration', configuration, 'a replication configuration')];
    const problems: Problem[] = [];
    if (view.get('ReplicationConfiguration.Role') === undefined)
      problems.push(
        fail(
          'ReplicationConfiguration.Role',
          'ReplicationConfiguration.Role must name the role S3 replicates with',
        ),
      );
    const rules = view.values('ReplicationConfiguration.Rules[]');
    view.values('ReplicationConfiguration.Rules[].Destination');
    if (rules.length === 0)
      return [
        ...problems,
        fail('ReplicationConfiguration.Rules', 'ReplicationConfiguration.Rules must hold at least one rule'),
      ];
    const perRule = rules.map((rule, i) =>
      ruleProblems(rule, `ReplicationConfiguration.Rules[${i}]`, view, set),
    );
    view.note('replicatingRules', perRule.filter((p) => p.length === 0).length);
    if (perRule.some((p) => p.length === 0)) return problems;
    const onlyUnverified = perRule.find((p) => p.every((x) => x.unverified));
    return [...problems, ...(onlyUnverified ?? perRule.flat())];
  },
};
