import type { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, type NagPackProps, NagRuleCompliance, type NagRuleResult } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import {
  allowStatementsOf,
  leastPrivilegeFinding,
  POLICY_LOCATIONS,
  type PolicyStatementJson,
} from '../../../constructs/core/policy-findings';

export { leastPrivilegeFinding, type PolicyStatementJson };

/** The CloudFormation types whose policies the pack's rules are applied to. */
export const LEAST_PRIVILEGE_RESOURCE_TYPES: readonly string[] = Object.keys(POLICY_LOCATIONS);

/** One least-privilege rule: a predicate over a single Allow statement. */
interface LeastPrivilegeRule {
  /** Rule id without the pack prefix. */
  readonly id: string;
  readonly info: string;
  readonly explanation: string;
  /** True when the Allow statement breaks the rule. */
  readonly breaks: (statement: PolicyStatementJson) => boolean;
}

/** Services holding PHI, whose service-wide wildcards grant the PHI data plane. */
export const PHI_SERVICES = ['s3', 'kms', 'dynamodb', 'rds', 'rds-db', 'rds-data', 'secretsmanager'] as const;

/**
 * Action-name prefixes that only read. A wildcard action counts as read-only when its literal part
 * starts with one of them (`ec2:Describe*`).
 */
export const READ_ONLY_PREFIXES = [
  'Get',
  'List',
  'Describe',
  'BatchGet',
  'Head',
  'Query',
  'Scan',
  'Search',
  'Lookup',
  'Select',
  'View',
  'Filter',
] as const;

const CONTROLS = '(164.308(a)(4)(i), 164.312(a)(1))';
const strings = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(
    (v): v is string => typeof v === 'string',
  );
const actionsOf = (s: PolicyStatementJson) => strings(s.Action);
/** Allow statements with NotResource apply to (almost) every resource. */
const onAnyResource = (s: PolicyStatementJson) =>
  strings(s.Resource).includes('*') || s.NotResource !== undefined;
const isPhiWildcard = (action: string) =>
  (PHI_SERVICES as readonly string[]).some((svc) => action.toLowerCase() === `${svc}:*`);
const grantsPassRole = (action: string) =>
  action.toLowerCase().startsWith('iam:') && wildcardMatch(action, 'iam:PassRole');
const isReadOnly = (action: string) => {
  const name = action.slice(action.indexOf(':') + 1).toLowerCase();
  return READ_ONLY_PREFIXES.some((prefix) => name.startsWith(prefix.toLowerCase()));
};

/** The rules, as data. Each Allow statement is judged by every rule; the most specific rule reports it. */
const RULES: readonly LeastPrivilegeRule[] = [
  {
    id: 'NoWildcardAction',
    info: `The IAM policy allows every action (Action "*") ${CONTROLS}.`,
    explanation: 'Grant the specific actions the principal needs; "*" includes reading and deleting PHI.',
    breaks: (s) => actionsOf(s).includes('*'),
  },
  {
    id: 'NoPhiServiceWildcard',
    info: `The IAM policy allows every action of a service that holds PHI (s3:*, kms:*, dynamodb:*, rds:*, rds-db:*, rds-data:*, secretsmanager:*) ${CONTROLS}.`,
    explanation:
      'Service-wide wildcards on PHI services grant the data plane (read, write, decrypt, delete).',
    breaks: (s) => actionsOf(s).some(isPhiWildcard),
  },
  {
    id: 'NoPassRoleOnAnyRole',
    info: `The IAM policy allows iam:PassRole on any role ${CONTROLS}.`,
    explanation:
      'Passing any role to a service lets the principal act with that role’s permissions: name the roles it may pass.',
    breaks: (s) =>
      actionsOf(s).some(grantsPassRole) &&
      (onAnyResource(s) || strings(s.Resource).some((r) => /:role\/\*$/.test(r))),
  },
  {
    id: 'NoAllowNotAction',
    info: `The IAM policy allows NotAction: every action but those listed ${CONTROLS}.`,
    explanation:
      'Allow with NotAction grants every present and future action not listed; list what is allowed.',
    breaks: (s) => s.NotAction !== undefined,
  },
  {
    id: 'NoWriteOnAnyResource',
    info: `The IAM policy allows a write action on every resource (Resource "*") ${CONTROLS}.`,
    explanation:
      'Scope write actions to the resources they change; use "*" only for APIs without resource-level permissions, and acknowledge it.',
    breaks: (s) =>
      onAnyResource(s) &&
      actionsOf(s).some((a) => a !== '*' && !isPhiWildcard(a) && !grantsPassRole(a) && !isReadOnly(a)),
  },
];

/**
 * Least-privilege checks on identity-based IAM policies (customer-managed, inline and standalone),
 * read from the template as deployed (overrides included, tokens resolved). Each finding names the
 * offending statement, so the rule id in the report reads e.g.
 * `LeastPrivilege-NoWildcardAction[{"Action":"*","Effect":"Allow","Resource":"*"}]`; acknowledge with
 * that exact id (see {@link leastPrivilegeFinding}).
 *
 * Rules: NoWildcardAction, NoPhiServiceWildcard, NoPassRoleOnAnyRole, NoAllowNotAction,
 * NoWriteOnAnyResource. Deny statements are never reported.
 *
 * Serves 164.308(a)(4)(i) (information access management) and 164.312(a)(1) (access control).
 */
export class LeastPrivilegeChecks extends NagPack {
  /** The pack name, used to namespace acknowledgments (`LeastPrivilege::LeastPrivilege-…`). */
  public readonly name = 'LeastPrivilege';
  /** Every rule id of the pack. */
  public override readonly ruleIds = RULES.map((r) => `LeastPrivilege-${r.id}`);

  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = 'LeastPrivilege';
  }

  protected checkResource(node: CfnResource): void {
    if (!(node.cfnResourceType in POLICY_LOCATIONS)) return;
    for (const rule of RULES) {
      this.applyRule({
        ruleSuffixOverride: rule.id,
        info: rule.info,
        explanation: rule.explanation,
        level: NagMessageLevel.ERROR,
        node,
        rule: (n: CfnResource): NagRuleResult => {
          const findings = new Set(
            allowStatementsOf(n)
              .filter(rule.breaks)
              .map((s) => leastPrivilegeFinding(s)),
          );
          return findings.size > 0 ? [...findings] : NagRuleCompliance.COMPLIANT;
        },
      });
    }
  }
}

/** IAM wildcard match: `*` any run of characters, `?` one; case-insensitive, as IAM matches actions. */
function wildcardMatch(pattern: string, value: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, 'i').test(value);
}
