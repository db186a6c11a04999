import { AspectPriority, Aspects, CfnResource, type IAspect, Names, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, type IConstruct } from 'constructs';
import { Citation } from '../core/citations';
import { acknowledgeBuiltIn } from '../core/private/acknowledge-built-in';
import { PropsCheck } from '../core/validation';
import { BOUNDARY_CEILING_SID, boundaryStatements } from './private/boundary-statements';

/** Properties of a {@link PermissionsBoundary}. */
export interface PermissionsBoundaryProps {
  /**
   * Name of the managed policy: 1–128 characters from `[A-Za-z0-9+=,.@_-]`, not a token. The boundary
   * names its own ARN in its denies, so the name must be known at synth time.
   *
   * @default - a name unique in the app, from the construct path, e.g. `Identity-Boundary-5B8E38B6`
   */
  readonly managedPolicyName?: string;
  /**
   * Append the stack's Region to the name (`<name>-<region>`, resolved at deploy time in an
   * environment-agnostic stack). IAM names are account-wide, so a stack deployed to several Regions of
   * one account (a StackSet) needs one boundary per Region.
   *
   * @default false - one name per account (164.308(a)(4)(i))
   */
  readonly perRegionName?: boolean;
}

/** The CloudFormation types that must carry a permissions boundary once one is applied. */
export const PERMISSIONS_BOUNDARY_TYPES: readonly string[] = ['AWS::IAM::Role', 'AWS::IAM::User'];

/**
 * True when a rendered `PermissionsBoundary` property value sets a boundary. Shared by the synth guard
 * ({@link PermissionsBoundary.requireBoundaries}) and the template evidence rule
 * `IamRolePermissionsBoundary`, so they cannot disagree on what counts as a boundary.
 */
export function setsPermissionsBoundary(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

const CHECKED = Symbol.for('cdk-hipaa-baseline.boundary-checked');

/**
 * A customer-managed policy to use as the permissions boundary of every role and user. It allows `*`
 * (a boundary only caps what identity policies grant; it grants nothing) and explicitly denies, to
 * every principal it bounds, administrators and break-glass included:
 *
 * - turning off or blinding CloudTrail, GuardDuty, Security Hub and AWS Config (164.312(b));
 * - scheduling deletion of, disabling, or stopping rotation of KMS keys (164.312(a)(2)(iv));
 * - creating a role or user, or setting a boundary, unless `iam:PermissionsBoundary` is this policy;
 *   removing a boundary; and changing or deleting this policy (privilege escalation, 164.308(a)(4)(i)).
 *
 * Limits: principals that exist without this boundary (CDK bootstrap roles,
 * `OrganizationAccountAccessRole`) are not bounded; a bounded administrator who may edit such a role's
 * policies or trust can still escalate through it. Guard those with a service control policy.
 *
 * Apply it with {@link PermissionsBoundary.applyTo}, which also fails synthesis for any role or user
 * left without a boundary.
 *
 * Serves 164.308(a)(4)(i) (information access management) and 164.312(b) (audit controls).
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 */
export class PermissionsBoundary extends Construct {
  /**
   * Sets `boundary` as the permissions boundary of every `AWS::IAM::Role` and `AWS::IAM::User` under
   * `scope`, including the roles CDK creates for custom-resource providers and Lambda functions, and
   * adds {@link PermissionsBoundary.requireBoundaries} to `scope`.
   */
  public static applyTo(scope: IConstruct, boundary: PermissionsBoundary | iam.IManagedPolicy): void {
    iam.PermissionsBoundary.of(scope).apply(
      boundary instanceof PermissionsBoundary ? boundary.policy : boundary,
    );
    PermissionsBoundary.requireBoundaries(scope);
  }

  /**
   * Fails synthesis, naming the construct path, for every `AWS::IAM::Role` or `AWS::IAM::User` under
   * `scope` that is synthesized without a permissions boundary (164.308(a)(4)(i)). Read-only: it
   * checks the rendered template after every mutating aspect ran. Idempotent.
   */
  public static requireBoundaries(scope: IConstruct): void {
    const aspects = Aspects.of(scope);
    if (aspects.all.some((a) => a instanceof RequirePermissionsBoundary)) return;
    aspects.add(new RequirePermissionsBoundary(), { priority: AspectPriority.READONLY });
  }

  /** The managed policy. */
  public readonly policy: iam.ManagedPolicy;
  /** The policy's name. */
  public readonly managedPolicyName: string;
  /** The policy's ARN, built from its name so the policy can name itself without a circular reference. */
  public readonly policyArn: string;

  constructor(scope: Construct, id: string, props: PermissionsBoundaryProps = {}) {
    const check = new PropsCheck(scope, id);
    check.matches(
      'managedPolicyName',
      props.managedPolicyName,
      /^[\w+=,.@-]{1,128}$/,
      'a literal policy name of 1 to 128 characters from [A-Za-z0-9+=,.@_-]',
      Citation.ACCESS_MANAGEMENT,
    );
    check.require(!props.perRegionName || (props.managedPolicyName ?? '').length <= 110, {
      prop: 'managedPolicyName',
      received: props.managedPolicyName,
      allowed: 'at most 110 characters with perRegionName, leaving room for the Region suffix',
      citation: Citation.ACCESS_MANAGEMENT,
    });
    check.throwIfInvalid();
    super(scope, id);

    const stack = Stack.of(this);
    const baseName =
      props.managedPolicyName ??
      Names.uniqueResourceName(this, { maxLength: props.perRegionName ? 110 : 128, separator: '-' });
    this.managedPolicyName = props.perRegionName ? `${baseName}-${stack.region}` : baseName;
    this.policyArn = stack.formatArn({
      service: 'iam',
      region: '',
      resource: 'policy',
      resourceName: this.managedPolicyName,
    });
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      managedPolicyName: this.managedPolicyName,
      description: `Permissions boundary: caps every role and user; denies disabling audit, detection and keys, and escalation (${Citation.ACCESS_MANAGEMENT})`,
      statements: boundaryStatements(this.policyArn),
    });

    const boundaryOnly =
      'This policy is only ever used as a permissions boundary: a boundary limits what identity policies grant and grants nothing itself, so Allow "*" is the ceiling its explicit denies carve from.';
    acknowledgeBuiltIn(this.policy, [
      { ruleId: 'AwsSolutions::AwsSolutions-IAM5[Action::*]', reason: boundaryOnly },
      { ruleId: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]', reason: boundaryOnly },
      { ruleId: 'HIPAA.Security-IAMPolicyNoStatementsWithAdminAccess', reason: boundaryOnly },
      { ruleId: 'NIST.800.53.R5-IAMPolicyNoStatementsWithAdminAccess', reason: boundaryOnly },
      { ruleId: 'HIPAA.Security-IAMPolicyNoStatementsWithFullAccess', reason: boundaryOnly },
      { ruleId: 'NIST.800.53.R5-IAMPolicyNoStatementsWithFullAccess', reason: boundaryOnly },
      { ruleId: 'TemplateEvidence-IamNoAdminAccess', reason: boundaryOnly },
      {
        ruleId: `LeastPrivilege-NoWildcardAction[{"Action":"*","Effect":"Allow","Resource":"*","Sid":"${BOUNDARY_CEILING_SID}"}]`,
        reason: boundaryOnly,
      },
    ]);
  }
}

/** Adds a validation to every IAM role and user that fails when its rendered template has no boundary. */
class RequirePermissionsBoundary implements IAspect {
  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node) || !PERMISSIONS_BOUNDARY_TYPES.includes(node.cfnResourceType))
      return;
    const marked = node as unknown as Record<symbol, boolean>;
    if (marked[CHECKED]) return;
    marked[CHECKED] = true;
    node.node.addValidation({
      validate: () =>
        hasBoundary(node)
          ? []
          : [
              `${node.node.path}: ${node.cfnResourceType} has no permissions boundary; apply one with ` +
                `PermissionsBoundary.applyTo(scope, boundary) so it cannot disable audit controls or escalate privileges (${Citation.ACCESS_MANAGEMENT})`,
            ],
    });
  }
}

/** True when the resource as it will be deployed (overrides included) sets PermissionsBoundary. */
function hasBoundary(node: CfnResource): boolean {
  const rendered = Stack.of(node).resolve(node._toCloudFormation()) as {
    Resources?: Record<string, { Properties?: { PermissionsBoundary?: unknown } }>;
  };
  return Object.values(rendered.Resources ?? {}).some((r) =>
    setsPermissionsBoundary(r.Properties?.PermissionsBoundary),
  );
}
