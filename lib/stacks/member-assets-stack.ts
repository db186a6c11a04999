import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { MemberAssetBucket } from '../../constructs/organization/member-asset-bucket';

/** Properties of a {@link MemberAssetsStack}. */
export interface MemberAssetsStackProps extends StackProps {
  /** The organization (`o-…`) whose accounts read the assets. */
  readonly organizationId: string;
}

/**
 * One Region's asset bucket for the StackSet member templates, in the StackSet administrator account.
 * The reference app deploys one per organization Region, before the {@link OrganizationStack}.
 */
export class MemberAssetsStack extends Stack {
  /** The Region's member-asset bucket. */
  public readonly assets: MemberAssetBucket;

  constructor(scope: Construct, id: string, props: MemberAssetsStackProps) {
    const { organizationId, ...stackProps } = props;
    super(scope, id, stackProps);
    this.assets = new MemberAssetBucket(this, 'MemberAssets', {
      organizationId,
      bootstrapQualifier: this.synthesizer.bootstrapQualifier,
    });
  }
}
