import * as iam from 'aws-cdk-lib/aws-iam';
import {
  BOUNDARY_CONDITIONAL_IAM_ACTIONS,
  BOUNDARY_DENIED_CLOUDTRAIL_ACTIONS,
  BOUNDARY_DENIED_CONFIG_ACTIONS,
  BOUNDARY_DENIED_GUARDDUTY_ACTIONS,
  BOUNDARY_DENIED_KMS_ACTIONS,
  BOUNDARY_DENIED_REMOVAL_ACTIONS,
  BOUNDARY_DENIED_SECURITYHUB_ACTIONS,
  BOUNDARY_SELF_PROTECTION_ACTIONS,
} from './perms';

/** Sid of the boundary's `Allow * on *` ceiling statement. */
export const BOUNDARY_CEILING_SID = 'BoundaryCeiling';

const deny = (sid: string, actions: readonly string[], resources: string[] = ['*']) =>
  new iam.PolicyStatement({ sid, effect: iam.Effect.DENY, actions: [...actions], resources });

/**
 * The statements of the permissions boundary whose own ARN is `boundaryArn`: an `Allow *` ceiling and
 * the explicit denies that no identity policy below the boundary can override.
 */
export function boundaryStatements(boundaryArn: string): iam.PolicyStatement[] {
  return [
    // A boundary only caps what identity policies grant; it grants nothing by itself.
    new iam.PolicyStatement({ sid: BOUNDARY_CEILING_SID, actions: ['*'], resources: ['*'] }),
    deny('DenyDisablingAuditTrail', BOUNDARY_DENIED_CLOUDTRAIL_ACTIONS),
    deny('DenyDisablingThreatDetection', BOUNDARY_DENIED_GUARDDUTY_ACTIONS),
    deny('DenyDisablingSecurityHub', BOUNDARY_DENIED_SECURITYHUB_ACTIONS),
    deny('DenyDisablingConfigRecording', BOUNDARY_DENIED_CONFIG_ACTIONS),
    deny('DenyDisablingKeys', BOUNDARY_DENIED_KMS_ACTIONS),
    new iam.PolicyStatement({
      sid: 'DenyPrincipalsWithoutThisBoundary',
      effect: iam.Effect.DENY,
      actions: [...BOUNDARY_CONDITIONAL_IAM_ACTIONS],
      resources: ['*'],
      conditions: { StringNotEquals: { 'iam:PermissionsBoundary': boundaryArn } },
    }),
    deny('DenyRemovingBoundaries', BOUNDARY_DENIED_REMOVAL_ACTIONS),
    deny('DenyChangingThisBoundary', BOUNDARY_SELF_PROTECTION_ACTIONS, [boundaryArn]),
  ];
}
