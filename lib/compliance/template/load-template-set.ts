import * as fs from 'node:fs';
import { CfnResource, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { StackTemplate } from './cfn-template';
import { CDK_PATH_METADATA_KEY } from './cfn-template';
import { loadTemplates } from './evaluate-templates';
import { TemplateSet } from './template-set';

/** The last set loaded, so the plugins of one synth (template evidence, report) parse the templates once. */
let last:
  | { readonly key: string; readonly root: IConstruct | undefined; readonly set: TemplateSet }
  | undefined;

/** Path, size and modification time of every template: a rewritten file never reuses a stale set. */
function cacheKey(templatePaths: readonly string[]): string {
  return templatePaths
    .map((file) => {
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      return `${file}\u0000${stat?.size ?? -1}\u0000${stat?.mtimeMs ?? -1}`;
    })
    .join('\u0001');
}

function needsConstructPaths(templates: readonly StackTemplate[]): boolean {
  return templates.some((t) =>
    Object.values(t.template.Resources ?? {}).some(
      (r) => typeof r.Metadata?.[CDK_PATH_METADATA_KEY] !== 'string',
    ),
  );
}

/**
 * The {@link TemplateSet} of the templates a validation plugin is given, with construct paths from
 * `root` for resources without path metadata. The template evidence plugin loads it first; the report
 * plugin of the same synth (same app, same unchanged files) gets the same set back instead of parsing
 * the templates again.
 *
 * @throws Error naming the file when a template cannot be read or parsed
 */
export function loadTemplateSet(templatePaths: readonly string[], root?: IConstruct): TemplateSet {
  const key = cacheKey(templatePaths);
  if (last && last.key === key && last.root === root) return last.set;
  const templates = loadTemplates(templatePaths);
  const set = new TemplateSet(
    templates,
    needsConstructPaths(templates) && root ? constructPathsOf(root) : undefined,
  );
  last = { key, root, set };
  return set;
}

/** Construct paths of every CloudFormation resource in the tree, by `artifactId/logicalId`. */
export function constructPathsOf(root: IConstruct): Map<string, string> {
  const paths = new Map<string, string>();
  for (const c of root.node.findAll()) {
    if (!CfnResource.isCfnResource(c)) continue;
    const stack = Stack.of(c);
    paths.set(`${stack.artifactId}/${stack.resolve(c.logicalId)}`, c.node.path);
  }
  return paths;
}
