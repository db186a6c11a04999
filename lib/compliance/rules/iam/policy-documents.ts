import { Composite, type Resolved, ResourceRef, Unresolved } from '../../template/resolve';
import { isSpecial, type TemplateResource, type TemplateSet } from '../../template/template-set';

/**
 * Reading IAM policies out of the resolved templates, for the IAM template evidence rules: which policy
 * documents apply to a role, group or user, and which AWS-managed policies it attaches. Shared by
 * `IamMfaEnforcementAttached` and `IamNoAdminAccess` so both see the same attachments.
 */

/** One statement of a policy document, with intrinsic functions resolved. */
export type PolicyStatement = Readonly<Record<string, Resolved>>;

/** A policy document that applies to a principal, and where it is declared. */
export interface AppliedDocument {
  /** Where the document is declared, e.g. `Identity/AccessMfaPolicy` or `Identity/Role Policies[0]`. */
  readonly source: string;
  /** The resource that declares it. */
  readonly declaredBy: TemplateResource;
  /** The resolved `PolicyDocument` (special when it cannot be resolved). */
  readonly document: Resolved | undefined;
}

/** Every policy that applies to one principal, as far as the templates show. */
export interface PrincipalPolicies {
  /** Customer-managed and inline documents found in the assembly. */
  readonly documents: readonly AppliedDocument[];
  /** Names of the AWS-managed policies in `ManagedPolicyArns`, e.g. `AdministratorAccess`. */
  readonly awsManaged: readonly string[];
  /**
   * Attachments the templates cannot identify: `ManagedPolicyArns` entries that name neither an
   * AWS-managed policy nor a policy of the assembly, and memberships of groups outside the assembly.
   */
  readonly unidentified: readonly Resolved[];
}

/** The policy resources that attach themselves to principals through `Groups`/`Roles`/`Users`. */
const ATTACHING_POLICY_TYPES = ['AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy'] as const;

/** Per principal type: the property of a policy that lists it, and the one-principal inline policy type. */
const PRINCIPAL_KINDS: Readonly<Record<string, { list: string; inlineType: string; inlineName: string }>> = {
  'AWS::IAM::Role': { list: 'Roles[]', inlineType: 'AWS::IAM::RolePolicy', inlineName: 'RoleName' },
  'AWS::IAM::Group': { list: 'Groups[]', inlineType: 'AWS::IAM::GroupPolicy', inlineName: 'GroupName' },
  'AWS::IAM::User': { list: 'Users[]', inlineType: 'AWS::IAM::UserPolicy', inlineName: 'UserName' },
};

/** A value as a list: a single value becomes a one-item list, absence an empty one. */
export function asList(value: Resolved | undefined): readonly Resolved[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as readonly Resolved[]) : [value];
}

/** The statements of a policy document, or undefined when the document cannot be read from the template. */
export function statementsOf(document: Resolved | undefined): readonly PolicyStatement[] | undefined {
  if (document === undefined || document === null || typeof document !== 'object') return [];
  if (isSpecial(document) || Array.isArray(document)) return undefined;
  const statement = (document as Record<string, Resolved>).Statement;
  if (statement !== undefined && isSpecial(statement)) return undefined;
  const list = asList(statement);
  if (list.some((s) => s === null || typeof s !== 'object' || isSpecial(s) || Array.isArray(s)))
    return undefined;
  return list as readonly PolicyStatement[];
}

/** Literal strings of a statement element (`Action`, `Resource`, …); undefined when part is unresolved. */
export function literalStrings(value: Resolved | undefined): readonly string[] | undefined {
  const list = asList(value);
  return list.every((v) => typeof v === 'string') ? (list as readonly string[]) : undefined;
}

/**
 * An ARN as text, with the partition and account pseudo parameters written as placeholders
 * (`arn:<partition>:iam::<account>:policy/Name`); undefined when another part is unknown.
 */
function arnText(value: Resolved): string | undefined {
  if (typeof value === 'string') return value;
  if (!(value instanceof Composite)) return undefined;
  let text = '';
  for (const part of value.parts) {
    if (typeof part === 'string') text += part;
    // The partition and account do not change which policy an ARN names.
    else if (part instanceof Unresolved && part.pseudoParameter === 'AWS::Partition') text += '<partition>';
    else if (part instanceof Unresolved && part.pseudoParameter === 'AWS::AccountId') text += '<account>';
    else return undefined;
  }
  return text;
}

/** The name of the AWS-managed policy an ARN names (`arn:<partition>:iam::aws:policy/…/Name`), if it does. */
export function awsManagedPolicyName(arn: Resolved | undefined): string | undefined {
  const text = arn === undefined ? undefined : arnText(arn);
  return text?.match(/^arn:[^:]+:iam::aws:policy\/(?:[^:]*\/)?([\w+=,.@-]+)$/)?.[1];
}

/**
 * The customer-managed policy of the assembly an ARN refers to: by `Ref`, by an import of one, or by an
 * ARN built from its `ManagedPolicyName` (as `ManagedPolicy.fromManagedPolicyName` renders it).
 */
export function managedPolicyOf(arn: Resolved | undefined, set: TemplateSet): TemplateResource | undefined {
  if (arn instanceof ResourceRef) {
    const target = set.target(arn);
    return target?.type === 'AWS::IAM::ManagedPolicy' ? target : undefined;
  }
  const name = (arn === undefined ? undefined : arnText(arn))?.match(
    /^arn:[^:]+:iam::(?!aws:)[^:]*:policy\/(?:[^:]*\/)?([\w+=,.@-]+)$/,
  )?.[1];
  if (!name) return undefined;
  return set.ofType('AWS::IAM::ManagedPolicy').find((p) => p.properties.ManagedPolicyName === name);
}

/**
 * Every policy the templates attach to `principal` (an `AWS::IAM::Role`, `Group` or `User`): its
 * `ManagedPolicyArns`, its inline `Policies`, managed and standalone policies that list it in
 * `Roles`/`Groups`/`Users`, and `AWS::IAM::RolePolicy`-style inline policies naming it. For a user, the
 * policies of the groups it is a member of (`Groups`, `AWS::IAM::UserToGroupAddition`) are included.
 */
export function policiesOf(principal: TemplateResource, set: TemplateSet): PrincipalPolicies {
  const documents: AppliedDocument[] = [];
  const awsManaged: string[] = [];
  const unidentified: Resolved[] = [];
  const kind = PRINCIPAL_KINDS[principal.type];
  if (!kind) return { documents, awsManaged, unidentified };
  const ownDocument = (resource: TemplateResource) => ({
    source: `${resource.stackName}/${resource.logicalId}`,
    declaredBy: resource,
    document: resource.properties.PolicyDocument,
  });

  for (const arn of asList(principal.properties.ManagedPolicyArns)) {
    const policy = managedPolicyOf(arn, set);
    const awsName = awsManagedPolicyName(arn);
    if (policy) documents.push(ownDocument(policy));
    else if (awsName) awsManaged.push(awsName);
    else unidentified.push(arn);
  }
  asList(principal.properties.Policies).forEach((inline, i) => {
    const document =
      inline !== null && typeof inline === 'object' && !isSpecial(inline) && !Array.isArray(inline)
        ? (inline as Record<string, Resolved>).PolicyDocument
        : inline;
    documents.push({
      source: `${principal.stackName}/${principal.logicalId} Policies[${i}]`,
      declaredBy: principal,
      document,
    });
  });
  for (const type of ATTACHING_POLICY_TYPES) {
    for (const policy of set.referrers(principal, type, kind.list)) documents.push(ownDocument(policy));
  }
  for (const policy of set.referrers(principal, kind.inlineType, kind.inlineName))
    documents.push(ownDocument(policy));

  if (principal.type === 'AWS::IAM::User') {
    const memberships = [
      ...asList(principal.properties.Groups),
      ...set
        .referrers(principal, 'AWS::IAM::UserToGroupAddition', 'Users[]')
        .map((addition) => addition.properties.GroupName),
    ];
    const groups = new Set<TemplateResource>();
    for (const membership of memberships) {
      const group = set.target(membership);
      if (group?.type === 'AWS::IAM::Group') groups.add(group);
      else if (membership !== undefined) unidentified.push(membership);
    }
    for (const group of groups) {
      const inherited = policiesOf(group, set);
      documents.push(...inherited.documents);
      awsManaged.push(...inherited.awsManaged);
      unidentified.push(...inherited.unidentified);
    }
  }
  return { documents, awsManaged, unidentified };
}
