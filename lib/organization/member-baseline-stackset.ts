import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as cdk from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Citation } from '../../constructs/core/citations';
import { PropsCheck } from '../../constructs/core/validation';
import {
  DEFAULT_BOOTSTRAP_QUALIFIER,
  memberAssetBucketName,
  memberAssetBucketPrefix,
} from '../../constructs/organization/member-asset-bucket';
import { MemberBaselineStack, type MemberBaselineStackProps } from './member-baseline-stack';
import { publishMemberAssets } from './private/member-asset-publishing';
import type { MemberStackSynthesizer } from './private/member-stack-synthesizer';
import { type MemberStackBuilder, synthesizeMemberTemplate } from './private/member-template';

const OU_PATTERN = /^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/;
const ACCOUNT_PATTERN = /^\d{12}$/;

export { TEMPLATE_URL_LIMIT_BYTES } from './private/member-template';
export type { MemberStackBuilder, MemberStackSynthesizer };

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
   * Builds a custom member stack in the given app, with the given synthesizer (which places file assets
   * in the asset bucket of the Region each stack instance runs in).
   *
   * @default - a {@link MemberBaselineStack}
   */
  readonly memberStack?: MemberStackBuilder;
  /**
   * Values of the member template's parameters, passed to every stack instance. Every parameter without
   * a default must be given, and only parameters the template declares (a typo fails synthesis).
   *
   * @default - none; a template with parameters without defaults is refused
   */
  readonly parameters?: Record<string, string>;
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
 * of the project (synthesis fails on any unacknowledged finding). Its template is published to the host
 * stack's bootstrap bucket and referenced as `TemplateURL` (up to 1 MB).
 *
 * File assets of the member template (Lambda code, custom-resource handlers) are published by
 * `cdk deploy` to `hipaa-baseline-assets-<account>-<region>` in every target Region, through a carrier
 * artifact the host stack depends on. Those buckets must exist first: deploy a
 * {@link MemberAssetBucket} in each Region of the host account (the reference app's `MemberAssets-*`
 * stacks), and bootstrap the host account in each Region. Docker image assets are rejected.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-manage-auto-deployment.html
 */
export class MemberBaselineStackSet extends Construct {
  /** The StackSet. */
  public readonly stackSet: cdk.CfnStackSet;
  /** The member template. */
  public readonly memberTemplate: Record<string, unknown>;
  /** Size in bytes of the member template. */
  public readonly templateBytes: number;
  /** Names of the asset buckets the member template reads from, one per Region (empty without assets). */
  public readonly assetBucketNames: string[];
  /** The carrier artifact that publishes the member assets, when the template has any. */
  public readonly assetPublishing?: cdk.Stack;

  constructor(scope: Construct, id: string, props: MemberBaselineStackSetProps) {
    const host = cdk.Stack.of(scope);
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
    check.matches(
      'env.account (of the host stack)',
      host.account,
      ACCOUNT_PATTERN,
      'a concrete 12-digit account: member templates name its asset buckets literally',
      Citation.RISK_MANAGEMENT,
    );
    check.throwIfInvalid();
    super(scope, id);

    const stage = cdk.Stage.of(host);
    if (!stage) throw new Error(`${this.node.path}: the host stack must belong to an App or Stage`);
    const build: MemberStackBuilder =
      props.memberStack ??
      ((app, synthesizer) =>
        new MemberBaselineStack(app, 'MemberBaseline', { ...props.memberBaseline, synthesizer }));
    const member = synthesizeMemberTemplate(build, {
      gate: true,
      context: props.memberContext,
      outdir: path.join(stage.outdir, `member-template.${this.node.path.replace(/[^A-Za-z0-9-]/g, '-')}`),
      bucketNamePrefix: memberAssetBucketPrefix(host.account),
    });
    if (member.problems.length > 0) {
      throw new Error(
        `${this.node.path}: the member stack cannot be deployed by a StackSet; it has ${member.problems.join('; ')}.`,
      );
    }
    this.memberTemplate = member.template;
    this.checkParameters(props.parameters ?? {});
    this.templateBytes = member.bytes;
    this.assetBucketNames = [];
    if (member.assets.length > 0) {
      this.assetBucketNames = props.regions.map((region) => memberAssetBucketName(host.account, region));
      this.assetPublishing = publishMemberAssets(stage, host, `${host.node.id}-${id}-Assets`, {
        account: host.account,
        regions: props.regions,
        qualifier: host.synthesizer.bootstrapQualifier ?? DEFAULT_BOOTSTRAP_QUALIFIER,
        assetDirectory: path.dirname(member.templateFile),
        assets: member.assets,
      });
    }
    const templateAsset = host.synthesizer.addFileAsset({
      sourceHash: crypto.createHash('sha256').update(fs.readFileSync(member.templateFile)).digest('hex'),
      fileName: path.relative(stage.outdir, member.templateFile),
      packaging: cdk.FileAssetPackaging.FILE,
      displayName: `${this.node.path} member template`,
    });

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
      templateUrl: templateAsset.httpUrl,
      ...(props.parameters
        ? {
            parameters: Object.entries(props.parameters).map(([parameterKey, parameterValue]) => ({
              parameterKey,
              parameterValue,
            })),
          }
        : {}),
    });
  }

  /** Refuses parameters the template lacks, and template parameters without a default left unset. */
  private checkParameters(given: Record<string, string>): void {
    const declared = (this.memberTemplate.Parameters ?? {}) as Record<string, { Default?: unknown }>;
    // The synthesizer's bootstrap-version parameter has a default and is never set by the StackSet.
    const missing = Object.entries(declared)
      .filter(([name, p]) => p.Default === undefined && !(name in given))
      .map(([name]) => name);
    const unknown = Object.keys(given).filter((name) => !(name in declared));
    const check = new PropsCheck(this);
    check.require(missing.length === 0 && unknown.length === 0, {
      prop: 'parameters',
      received: { missing, unknown },
      allowed: `a value for every member template parameter without a default (${Object.keys(declared).join(', ') || 'none declared'}) and no others`,
      citation: Citation.RISK_MANAGEMENT,
    });
    check.throwIfInvalid();
  }
}
