import { Citation } from '../../../../constructs/core/citations';
import {
  PERMISSIONS_BOUNDARY_TYPES,
  setsPermissionsBoundary,
} from '../../../../constructs/identity/permissions-boundary';
import { BOUNDARY_CEILING_SID } from '../../../../constructs/identity/private/boundary-statements';
import { Unresolved } from '../../template/resolve';
import { fail, NOT_APPLICABLE, type TemplateRule, unverified } from '../../template/rule';
import type { TemplateSet } from '../../template/template-set';
import { managedPolicyOf, statementsOf } from './policy-documents';

const usesBoundaries = new WeakMap<TemplateSet, boolean>();

/**
 * True when the assembly applies permissions boundaries: it holds the toolkit's PermissionsBoundary
 * policy (recognised by its ceiling statement), or any role or user sets a boundary.
 */
function appliesBoundaries(set: TemplateSet): boolean {
  let applies = usesBoundaries.get(set);
  if (applies === undefined) {
    applies =
      set
        .ofType('AWS::IAM::ManagedPolicy')
        .some((p) =>
          statementsOf(p.properties.PolicyDocument)?.some((s) => s.Sid === BOUNDARY_CEILING_SID),
        ) ||
      PERMISSIONS_BOUNDARY_TYPES.some((type) =>
        set.ofType(type).some((r) => setsPermissionsBoundary(r.properties.PermissionsBoundary)),
      );
    usesBoundaries.set(set, applies);
  }
  return applies;
}

/**
 * Once an assembly applies permissions boundaries, every IAM role and user in it has one: the roles CDK
 * creates for custom resources and Lambda functions included, and whatever an override or a raw L1 adds.
 * Judges the same resource types and the same property as {@link PermissionsBoundary.requireBoundaries}.
 */
export const IamRolePermissionsBoundary: TemplateRule = {
  id: 'IamRolePermissionsBoundary',
  citations: [Citation.ACCESS_MANAGEMENT, Citation.ACCESS_CONTROL],
  severity: 'error',
  resourceTypes: PERMISSIONS_BOUNDARY_TYPES,
  rationale:
    'A principal without the permissions boundary escapes its explicit denies: it can turn off CloudTrail, GuardDuty, Security Hub or Config, disable PHI keys, or create unbounded principals to escalate its own access.',
  fix: 'Apply the boundary to the stack with PermissionsBoundary.applyTo(stack, boundary), and remove any override that deletes PermissionsBoundary.',
  check: (view, set) => {
    if (!appliesBoundaries(set)) return NOT_APPLICABLE;
    const boundary = view.get('PermissionsBoundary');
    const policy = managedPolicyOf(boundary, set);
    if (policy) view.note('boundaryPolicy', `${policy.stackName}/${policy.logicalId}`);
    // A boundary from a parameter without default or an undecided condition may be absent at deploy.
    if (boundary instanceof Unresolved)
      return [unverified('PermissionsBoundary', boundary, 'a permissions boundary policy ARN')];
    return setsPermissionsBoundary(boundary)
      ? []
      : [
          fail(
            'PermissionsBoundary',
            `${view.resource.type} has no PermissionsBoundary, while the assembly applies permissions boundaries`,
          ),
        ];
  },
};
