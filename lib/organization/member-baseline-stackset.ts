import * as cdk from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Citation } from '../../constructs/core/citations';
import { PropsCheck } from '../../constructs/core/validation';
import { MemberBaselineStack, type MemberBaselineStackProps } from './member-baseline-stack';
import {
  memberStackSynthesizer,
  synthesizeMemberTemplate,
  TEMPLATE_BODY_LIMIT_BYTES,
} from './private/member-template';

const OU_PATTERN = /^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/;

export { TEMPLATE_BODY_LIMIT_BYTES } from './private/member-template';

/** Properties of a {@link MemberBaselineStackSet}. */
export interface MemberBaselineStackSetProps {
  /** Organizational units (or the root `r-…`) whose accounts, present and future, get the baseline. */
  readonly organizationalUnitIds: string[];
  /** Regions each member account gets the baseline in. */
  readonly regions: string[];
  /**
   * Deploy as the organization's delegated StackSets administrator (`DELEGATED_ADMIN`) or from the
   * management account (`SELF`).
   *
   * @default 'DELEGATED_ADMIN' - the management account stays out of day-to-day deployments (164.308(a)(4)(i))
   */
  readonly callAs?: 'DELEGATED_ADMIN' | 'SELF';
  /**
   * Name of the StackSet.
   *
   * @default 'hipaa-member-baseline'
   */
  readonly stackSetName?: string;
  /**
   * Percentage of accounts per Region whose deployment may fail before the operation stops.
   *
   * @default 10
   */
  readonly failureTolerancePercentage?: number;
  /**
   * Percentage of accounts deployed at once, per Region.
   *
   * @default 25
   */
  readonly maxConcurrentPercentage?: number;
  /**
   * Properties of the default {@link MemberBaselineStack}. Ignored when `memberStack` is given.
   *
   * @default - every member-baseline construct, backups included (164.308(a)(7)(ii)(A))
   */
  readonly memberBaseline?: MemberBaselineStackProps;
  /**
   * Builds a custom member stack in the given app; use {@link MemberBaselineStackSet.synthesizer} as its
   * synthesizer. It must need no file assets.
   *
   * @default - a {@link MemberBaselineStack}
   */
  readonly memberStack?: (app: cdk.App) => cdk.Stack;
  /**
   * Context (e.g. feature flags) of the detached app the member stack is synthesized in.
   *
   * @default - no context: the library's current defaults
   */
  readonly memberContext?: Record<string, unknown>;
}

/**
 * Deploys the member-account baseline to every account of the given organizational units and Regions
 * through one service-managed CloudFormation StackSet, with automatic deployment to accounts that join
 * later. The member stack is synthesized in its own app, gated by the same compliance packs as the rest
 * of the project (synthesis fails on any unacknowledged finding), and embedded as `TemplateBody`.
 *
 * Limit: a StackSet template cannot use file assets (Lambda code, bundled handlers, `AwsCustomResource`)
 * unless they are published to a bucket every member account and Region can read. This construct does
 * not publish assets: it throws naming the construct path of each asset, and when the template exceeds
 * the 51,200-byte `TemplateBody` limit.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html
 */
export class MemberBaselineStackSet extends Construct {
  /** A synthesizer for custom member stacks: no bootstrap version rule. */
  public static synthesizer(): cdk.DefaultStackSynthesizer {
    return memberStackSynthesizer();
  }

  /** The StackSet. */
  public readonly stackSet: cdk.CfnStackSet;
  /** The embedded member template. */
  public readonly memberTemplate: Record<string, unknown>;
  /** Size in bytes of the embedded template body. */
  public readonly templateBytes: number;

  constructor(scope: Construct, id: string, props: MemberBaselineStackSetProps) {
    const check = new PropsCheck(scope, id);
    check.require(props.organizationalUnitIds.length > 0, {
      prop: 'organizationalUnitIds',
      received: props.organizationalUnitIds,
      allowed: 'at least one organizational unit id',
      citation: Citation.RISK_MANAGEMENT,
    });
    for (const ou of props.organizationalUnitIds) {
      check.matches(
        'organizationalUnitIds',
        ou,
        OU_PATTERN,
        'an organizational unit id (ou-…) or root id (r-…)',
        Citation.RISK_MANAGEMENT,
      );
    }
    check.require(props.regions.length > 0, {
      prop: 'regions',
      received: props.regions,
      allowed: 'at least one Region',
      citation: Citation.RISK_MANAGEMENT,
    });
    check.integerInRange(
      'failureTolerancePercentage',
      props.failureTolerancePercentage,
      0,
      100,
      Citation.RISK_MANAGEMENT,
    );
    check.integerInRange(
      'maxConcurrentPercentage',
      props.maxConcurrentPercentage,
      1,
      100,
      Citation.RISK_MANAGEMENT,
    );
    check.throwIfInvalid();
    super(scope, id);

    const build =
      props.memberStack ??
      ((app: cdk.App) =>
        new MemberBaselineStack(app, 'MemberBaseline', {
          ...props.memberBaseline,
          synthesizer: memberStackSynthesizer(),
        }));
    const member = synthesizeMemberTemplate(build, { gate: true, context: props.memberContext });
    const problems = [...member.problems];
    if (member.bytes > TEMPLATE_BODY_LIMIT_BYTES) {
      problems.push(
        `a template of ${member.bytes} bytes, over the ${TEMPLATE_BODY_LIMIT_BYTES}-byte TemplateBody limit`,
      );
    }
    if (problems.length > 0) {
      throw new Error(
        `${this.node.path}: the member stack cannot be deployed by a StackSet without an asset bucket every member account can read; it has ${problems.join('; ')}. Remove those constructs from the member baseline.`,
      );
    }
    this.memberTemplate = member.template;
    this.templateBytes = member.bytes;

    this.stackSet = new cdk.CfnStackSet(this, 'StackSet', {
      stackSetName: props.stackSetName ?? 'hipaa-member-baseline',
      description: 'cdk-hipaa-baseline: member-account baseline (HIPAA 164.308(a)(1)(ii)(B), 164.312(b))',
      permissionModel: 'SERVICE_MANAGED',
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: true },
      callAs: props.callAs ?? 'DELEGATED_ADMIN',
      managedExecution: { Active: true },
      capabilities: ['CAPABILITY_NAMED_IAM'],
      operationPreferences: {
        regionConcurrencyType: 'PARALLEL',
        failureTolerancePercentage: props.failureTolerancePercentage ?? 10,
        maxConcurrentPercentage: props.maxConcurrentPercentage ?? 25,
      },
      stackInstancesGroup: [
        {
          deploymentTargets: { organizationalUnitIds: props.organizationalUnitIds },
          regions: props.regions,
        },
      ],
      templateBody: member.body,
    });
  }
}
