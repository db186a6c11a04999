import * as path from 'node:path';
import {
  type DockerImageAssetLocation,
  type DockerImageAssetSource,
  type FileAssetLocation,
  FileAssetPackaging,
  type FileAssetSource,
  Fn,
  type ISynthesisSession,
  StackSynthesizer,
} from 'aws-cdk-lib';

/** A file asset of the member template, to be copied to the asset bucket of every target Region. */
export interface MemberFileAsset {
  /** The asset's source hash (also its object key, without extension). */
  readonly sourceHash: string;
  /** Where the asset was staged, relative to the member app's output directory. */
  readonly fileName: string;
  /** How the asset is packaged when published. */
  readonly packaging: FileAssetPackaging;
  /** The object key in each Region's asset bucket. */
  readonly objectKey: string;
  /** A readable name for the asset, when its construct gave one. */
  readonly displayName?: string;
}

/**
 * The synthesizer of a StackSet member stack. Member accounts are not bootstrapped, so the template has
 * no bootstrap version rule; every file asset (Lambda code, custom-resource handlers) is referenced in the
 * organization's asset bucket of the Region the stack instance runs in,
 * `<bucketNamePrefix>-${AWS::Region}`, and recorded in {@link assets} so the host can publish it there.
 * Docker image assets are rejected: a StackSet has no org-readable registry to pull them from.
 */
export class MemberStackSynthesizer extends StackSynthesizer {
  private readonly recorded = new Map<string, MemberFileAsset>();

  /**
   * @param bucketNamePrefix the asset bucket name without the `-<region>` suffix
   */
  constructor(private readonly bucketNamePrefix: string) {
    super();
  }

  /** The file assets the member template references, one per source hash. */
  public get assets(): MemberFileAsset[] {
    return [...this.recorded.values()];
  }

  /** Records the asset and returns its location in the instance Region's asset bucket. */
  public addFileAsset(asset: FileAssetSource): FileAssetLocation {
    if (asset.fileName === undefined) {
      throw new Error(
        `${this.boundStack.node.path}: asset ${asset.sourceHash} is built by a command (executable); a StackSet member template can only use file assets staged at synth time`,
      );
    }
    const packaging = asset.packaging ?? FileAssetPackaging.FILE;
    const extension = packaging === FileAssetPackaging.ZIP_DIRECTORY ? '.zip' : path.extname(asset.fileName);
    const objectKey = `${asset.sourceHash}${extension}`;
    this.recorded.set(asset.sourceHash, {
      sourceHash: asset.sourceHash,
      fileName: asset.fileName,
      packaging,
      objectKey,
      displayName: asset.displayName,
    });
    const bucket = `${this.bucketNamePrefix}-\${AWS::Region}`;
    return {
      bucketName: Fn.sub(bucket),
      objectKey,
      httpUrl: Fn.sub(`https://s3.\${AWS::Region}.\${AWS::URLSuffix}/${bucket}/${objectKey}`),
      s3ObjectUrl: Fn.sub(`s3://${bucket}/${objectKey}`),
    };
  }

  /** Always throws: member accounts have no registry the image could be pulled from. */
  public addDockerImageAsset(asset: DockerImageAssetSource): DockerImageAssetLocation {
    throw new Error(
      `${this.boundStack.node.path}: Docker image asset ${asset.sourceHash} cannot be used in a StackSet member template; use file assets (Lambda zip code) instead`,
    );
  }

  /** Writes the template and a stack artifact with no bootstrap requirement. */
  public synthesize(session: ISynthesisSession): void {
    this.synthesizeTemplate(session);
    this.emitArtifact(session, {});
  }
}
