import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, AssetStaging, DefaultStackSynthesizer, type Stack } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { applyComplianceGate } from '../../compliance/gate';

interface CfnResourceJson {
  Type?: string;
  Properties?: { Code?: { S3Bucket?: unknown } };
  Metadata?: Record<string, string>;
}

/** CloudFormation's limit on an inline TemplateBody. */
export const TEMPLATE_BODY_LIMIT_BYTES = 51_200;

/** A member stack synthesized on its own, ready to embed in a StackSet. */
export interface SynthesizedMemberTemplate {
  readonly template: Record<string, unknown>;
  readonly body: string;
  readonly bytes: number;
  /** Problems that make the template unusable in a StackSet (file assets, size). */
  readonly problems: string[];
}

/** A synthesizer for member stacks: no bootstrap version rule or parameter, since members are not bootstrapped. */
export function memberStackSynthesizer(): DefaultStackSynthesizer {
  return new DefaultStackSynthesizer({ generateBootstrapVersionRule: false });
}

/**
 * Synthesizes `build`'s stack in a detached app (gated by the compliance packs unless `gate` is false),
 * returns its minified template and lists every file or Docker asset it needs, by construct path.
 */
export function synthesizeMemberTemplate(
  build: (app: App) => Stack,
  options: { gate: boolean; context?: Record<string, unknown> },
): SynthesizedMemberTemplate {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'member-baseline-'));
  try {
    const app = new App({ outdir, context: options.context, analyticsReporting: false });
    if (options.gate) applyComplianceGate(app, { report: false });
    const stack = build(app);
    const assembly = app.synth();
    const artifact = assembly.getStackArtifact(stack.artifactId);
    const problems: string[] = [];
    // Asset manifests key files by source hash; map each hash to the construct that staged it.
    const stagedBy = new Map<string, string>();
    for (const child of stack.node.findAll()) {
      if (child instanceof AssetStaging)
        stagedBy.set(child.assetHash, child.node.scope?.node.path ?? child.node.path);
    }
    const where = (hash: string, fallback: string | undefined) => stagedBy.get(hash) ?? fallback ?? hash;
    for (const manifest of assembly.artifacts) {
      if (!(manifest instanceof cxapi.AssetManifestArtifact)) continue;
      const { files = {}, dockerImages = {} } = manifest.contents;
      for (const [hash, file] of Object.entries(files)) {
        if (file.source.path === path.basename(artifact.templateFile)) continue; // the template itself
        problems.push(`file asset at '${where(hash, file.displayName)}'`);
      }
      for (const [hash, image] of Object.entries(dockerImages)) {
        problems.push(`Docker image asset at '${where(hash, image.displayName)}'`);
      }
    }
    const template = artifact.template as Record<string, unknown>;
    const resources = (template.Resources ?? {}) as Record<string, CfnResourceJson>;
    for (const [logicalId, resource] of Object.entries(resources)) {
      if (resource.Type === 'AWS::Lambda::Function' && resource.Properties?.Code?.S3Bucket) {
        const at = resource.Metadata?.['aws:cdk:path'] ?? logicalId;
        problems.push(`Lambda function code in S3 at '${at}'`);
      }
    }
    const body = JSON.stringify(template);
    return { template, body, bytes: Buffer.byteLength(body, 'utf8'), problems };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
