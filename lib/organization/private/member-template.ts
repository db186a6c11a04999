import * as fs from 'node:fs';
import { App, type Stack } from 'aws-cdk-lib';
import { applyComplianceGate } from '../../compliance/gate';
import { type MemberFileAsset, MemberStackSynthesizer } from './member-stack-synthesizer';

/** CloudFormation's limit on a template read from S3 (`TemplateURL`). */
export const TEMPLATE_URL_LIMIT_BYTES = 1_048_576;

/** Builds the member stack in `app` with the given synthesizer. */
export type MemberStackBuilder = (app: App, synthesizer: MemberStackSynthesizer) => Stack;

/** A member stack synthesized on its own, ready for a StackSet. */
export interface SynthesizedMemberTemplate {
  readonly template: Record<string, unknown>;
  /** Absolute path of the template file. */
  readonly templateFile: string;
  readonly bytes: number;
  /** The file assets the template references in the Region's asset bucket. */
  readonly assets: MemberFileAsset[];
  /** Problems that make the template unusable in a StackSet. */
  readonly problems: string[];
}

/**
 * Synthesizes `build`'s stack in a detached app whose output directory is `outdir` (emptied first),
 * gated by the compliance packs unless `gate` is false. The directory is kept: it holds the template
 * and the staged assets the host publishes.
 */
export function synthesizeMemberTemplate(
  build: MemberStackBuilder,
  options: { gate: boolean; outdir: string; bucketNamePrefix: string; context?: Record<string, unknown> },
): SynthesizedMemberTemplate {
  fs.rmSync(options.outdir, { recursive: true, force: true });
  fs.mkdirSync(options.outdir, { recursive: true });
  const app = new App({ outdir: options.outdir, context: options.context, analyticsReporting: false });
  // The member template gets its own compliance report, next to its template.
  if (options.gate) applyComplianceGate(app);
  const synthesizer = new MemberStackSynthesizer(options.bucketNamePrefix);
  const stack = build(app, synthesizer);
  const problems: string[] = [];
  if (stack.synthesizer !== synthesizer) {
    problems.push(`stack '${stack.node.path}' does not use the synthesizer it was given`);
  }
  const artifact = app.synth().getStackArtifact(stack.artifactId);
  const template = artifact.template as Record<string, unknown>;
  const bytes = fs.statSync(artifact.templateFullPath).size;
  if (bytes > TEMPLATE_URL_LIMIT_BYTES) {
    problems.push(
      `a template of ${bytes} bytes, over CloudFormation's ${TEMPLATE_URL_LIMIT_BYTES}-byte limit`,
    );
  }
  return {
    template,
    templateFile: artifact.templateFullPath,
    bytes,
    assets: synthesizer.assets,
    problems,
  };
}
