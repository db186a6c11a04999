import { Citation } from '../../../../constructs/core/citations';
import type { Resolved } from '../../template/resolve';
import { fail, type Problem, type TemplateRule, unverified } from '../../template/rule';
import { literalStrings, type PolicyStatement, statementsOf } from '../iam/policy-documents';

/**
 * KMS actions that administer a key: its policy, configuration, aliases, tags, grants' revocation and
 * life cycle.
 *
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html
 */
export const KMS_ADMINISTRATION_ACTIONS: readonly string[] = [
  'CancelKeyDeletion',
  'ConnectCustomKeyStore',
  'CreateAlias',
  'CreateCustomKeyStore',
  'CreateKey',
  'DeleteAlias',
  'DeleteCustomKeyStore',
  'DeleteImportedKeyMaterial',
  'DisableKey',
  'DisableKeyRotation',
  'DisconnectCustomKeyStore',
  'EnableKey',
  'EnableKeyRotation',
  'ImportKeyMaterial',
  'PutKeyPolicy',
  'ReplicateKey',
  'RevokeGrant',
  'RotateKeyOnDemand',
  'ScheduleKeyDeletion',
  'SynchronizeMultiRegionKey',
  'TagResource',
  'UntagResource',
  'UpdateAlias',
  'UpdateCustomKeyStore',
  'UpdateKeyDescription',
  'UpdatePrimaryRegion',
].map((a) => `kms:${a}`);

/**
 * KMS actions that use a key on data, or delegate that use (`CreateGrant`). Read-only metadata actions
 * (`Describe*`, `Get*`, `List*`) are neither administration nor use and may appear with either.
 */
export const KMS_USE_ACTIONS: readonly string[] = [
  'CreateGrant',
  'Decrypt',
  'DeriveSharedSecret',
  'Encrypt',
  'GenerateDataKey',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateMac',
  'ReEncryptFrom',
  'ReEncryptTo',
  'Sign',
  'Verify',
  'VerifyMac',
].map((a) => `kms:${a}`);

const ALL_ACTIONS = new Set(['*', 'kms:*']);

/** True when the IAM action pattern (with `*` and `?`) matches `action`, case-insensitively. */
function actionMatches(pattern: string, action: string): boolean {
  return patternRegex(pattern).test(action);
}

/** Compiled action patterns: every key policy repeats the same few, so each is compiled once. */
const compiledPatterns = new Map<string, RegExp>();

function patternRegex(pattern: string): RegExp {
  let regex = compiledPatterns.get(pattern);
  if (!regex) {
    const source = pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    regex = new RegExp(`^${source}$`, 'i');
    compiledPatterns.set(pattern, regex);
  }
  return regex;
}

/** The actions of `catalog` that any of `patterns` matches. */
const matched = (patterns: readonly string[], catalog: readonly string[]) =>
  catalog.filter((action) => patterns.some((p) => actionMatches(p, action)));

/** What one Allow statement grants, for the evidence: `<Sid>: administration`, `use`, `both` or `neither`. */
function kindOf(admin: readonly string[], use: readonly string[]): string {
  if (admin.length > 0 && use.length > 0) return 'administration and use';
  if (admin.length > 0) return 'administration';
  return use.length > 0 ? 'use' : 'read-only';
}

/** The problem one statement raises, and what it grants (for the evidence). */
function statementProblem(path: string, statement: PolicyStatement): { problem?: Problem; kind: string } {
  if (statement.Effect === 'Deny') return { kind: 'deny' };
  if (statement.Effect !== 'Allow')
    return { problem: unverified(`${path}.Effect`, statement.Effect, '"Allow" or "Deny"'), kind: 'unknown' };
  if (statement.NotAction !== undefined)
    return {
      problem: fail(
        `${path}.NotAction`,
        `${path} allows every action but those in NotAction, administration and use alike`,
      ),
      kind: 'administration and use',
    };
  const actions = literalStrings(statement.Action);
  if (actions === undefined)
    return {
      problem: unverified(`${path}.Action`, statement.Action, 'a list of named KMS actions'),
      kind: 'unknown',
    };
  const every = actions.filter((a) => ALL_ACTIONS.has(a.toLowerCase()));
  if (every.length > 0)
    return {
      problem: fail(
        `${path}.Action`,
        `${path} allows ${every.join(', ')}: every KMS action, administration and use alike`,
      ),
      kind: 'administration and use',
    };
  const admin = matched(actions, KMS_ADMINISTRATION_ACTIONS);
  const use = matched(actions, KMS_USE_ACTIONS);
  const kind = kindOf(admin, use);
  if (admin.length === 0 || use.length === 0) return { kind };
  return {
    problem: fail(
      `${path}.Action`,
      `${path} allows both administration (${admin.join(', ')}) and use (${use.join(', ')}) of the key in one statement`,
    ),
    kind,
  };
}

/** The key policy's statements; a JSON string (as CloudFormation also accepts) is parsed. */
function keyPolicyOf(value: Resolved | undefined): Resolved | undefined {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as Resolved;
  } catch {
    return value;
  }
}

/**
 * No KMS key policy statement allows `kms:*` (or `*`) to anyone, and no single Allow statement mixes
 * administration of the key with its use: who manages a key and who decrypts with it are decided
 * separately. A key without `KeyPolicy` fails (KMS would apply its default policy, `kms:*` to the
 * account); a policy the templates cannot resolve is unverified.
 */
export const KmsKeyAdminSeparation: TemplateRule = {
  id: 'KmsKeyAdminSeparation',
  citations: [Citation.ACCESS_CONTROL, Citation.ACCESS_MANAGEMENT],
  severity: 'error',
  resourceTypes: ['AWS::KMS::Key', 'AWS::KMS::ReplicaKey'],
  rationale:
    'A statement that gives the same principals administration and use of a key lets everyone who manages the key decrypt the ePHI under it; access to ePHI must be granted for the job, separately from the right to configure its key.',
  fix: 'Use PhiKey (its key policy allows administration and use in separate statements and denies use to key administrators), or split the key policy so no statement allows kms:* or both administration and use actions.',
  check: (view) => {
    const raw = view.resource.properties.KeyPolicy;
    if (raw === undefined)
      return [
        fail(
          'KeyPolicy',
          'KeyPolicy must be set: without it KMS applies its default key policy, which allows kms:* to the account',
        ),
      ];
    const policy = keyPolicyOf(raw);
    const statements = statementsOf(policy);
    if (statements === undefined || policy === null || typeof policy !== 'object')
      return [unverified('KeyPolicy', raw, 'a key policy without kms:* and without mixed statements')];
    const problems: Problem[] = [];
    const kinds = statements.map((statement, i) => {
      const { problem, kind } = statementProblem(`KeyPolicy.Statement[${i}]`, statement);
      if (problem) problems.push(problem);
      return `${typeof statement.Sid === 'string' ? statement.Sid : `Statement[${i}]`}: ${kind}`;
    });
    view.note('KeyPolicy.Statement', kinds);
    return problems;
  },
};
