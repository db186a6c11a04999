import * as path from 'node:path';
import {
  type DockerImageAssetLocation,
  type FileAssetLocation,
  FileAssetPackaging,
  type ISynthesisSession,
  Stack,
  StackSynthesizer,
  type Stage,
} from 'aws-cdk-lib';
import * as cxschema from 'aws-cdk-lib/cloud-assembly-schema';
import {
  filePublishingRoleArn,
  memberAssetBucketName,
} from '../../../constructs/organization/member-asset-bucket';
import type { MemberFileAsset } from './member-stack-synthesizer';

/** The bootstrap stack version whose file-publishing role the publishing assumes. */
const REQUIRED_BOOTSTRAP_VERSION = 6;

/** Where member-template assets are published. */
export interface MemberAssetTargets {
  /** The StackSet administrator account that owns the asset buckets. */
  readonly account: string;
  /** Every Region the StackSet deploys to; each has its own asset bucket. */
  readonly regions: readonly string[];
  /** The CDK bootstrap qualifier of the administrator account. */
  readonly qualifier: string;
  /** The member app's output directory, absolute. */
  readonly assetDirectory: string;
  /** The assets to publish. */
  readonly assets: readonly MemberFileAsset[];
}

/**
 * Emits, in place of a stack, an asset manifest whose destinations are the asset buckets of every
 * target Region. Stacks that depend on the carrier make `cdk deploy` publish the assets first.
 */
class AssetManifestOnlySynthesizer extends StackSynthesizer {
  constructor(private readonly targets: MemberAssetTargets) {
    super();
  }

  public addFileAsset(): FileAssetLocation {
    throw new Error(
      `${this.boundStack.node.path} only publishes member-template assets; it holds no resources`,
    );
  }

  public addDockerImageAsset(): DockerImageAssetLocation {
    throw new Error(
      `${this.boundStack.node.path} only publishes member-template assets; it holds no resources`,
    );
  }

  public synthesize(session: ISynthesisSession): void {
    const { account, regions, qualifier, assetDirectory, assets } = this.targets;
    const files: Record<string, cxschema.FileAsset> = {};
    for (const asset of assets) {
      files[asset.sourceHash] = {
        displayName: asset.displayName ?? asset.fileName,
        source: {
          path: path.relative(session.outdir, path.join(assetDirectory, asset.fileName)),
          packaging:
            asset.packaging === FileAssetPackaging.ZIP_DIRECTORY
              ? cxschema.FileAssetPackaging.ZIP_DIRECTORY
              : cxschema.FileAssetPackaging.FILE,
        },
        destinations: Object.fromEntries(
          regions.map((region) => [
            `${account}-${region}`,
            {
              bucketName: memberAssetBucketName(account, region),
              objectKey: asset.objectKey,
              region,
              assumeRoleArn: filePublishingRoleArn(account, region, qualifier),
            },
          ]),
        ),
      };
    }
    const artifactId = this.boundStack.artifactId;
    const file = `${artifactId}.json`;
    cxschema.Manifest.saveAssetManifest(
      { version: cxschema.Manifest.version(), files },
      path.join(session.outdir, file),
    );
    session.assembly.addArtifact(artifactId, {
      type: cxschema.ArtifactType.ASSET_MANIFEST,
      properties: {
        file,
        requiresBootstrapStackVersion: REQUIRED_BOOTSTRAP_VERSION,
        bootstrapStackVersionSsmParameter: `/cdk-bootstrap/${qualifier}/version`,
      },
      displayName: `${this.boundStack.node.path} (member-template assets for ${regions.length} Regions)`,
    });
  }
}

/**
 * Adds to `stage` a carrier that publishes the member-template assets to every target Region's asset
 * bucket, and makes `host` depend on it so the assets are in place before the StackSet updates.
 */
export function publishMemberAssets(
  stage: Stage,
  host: Stack,
  id: string,
  targets: MemberAssetTargets,
): Stack {
  // The CLI treats a dependency whose id contains ".assets" as an asset manifest, not a stack (`cdk ls`).
  const carrier = new Stack(stage, `${id}.assets`, {
    stackName: id,
    env: { account: targets.account, region: host.region },
    synthesizer: new AssetManifestOnlySynthesizer(targets),
    analyticsReporting: false,
  });
  host.addStackDependency(carrier, 'member-template assets must be published before the StackSet is updated');
  return carrier;
}
