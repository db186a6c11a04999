import * as fs from 'node:fs';
import * as path from 'node:path';
import type {
  CfnResourceJson,
  CfnTemplateJson,
  StackTemplate,
} from '../../lib/compliance/template/cfn-template';
import type { TemplateRule } from '../../lib/compliance/template/rule';

/** A known-bad variant of a rule's compliant fixture. */
export interface BadFixture {
  /** What was weakened, e.g. 'versioning suspended by an override'. */
  readonly name: string;
  readonly templates: readonly StackTemplate[];
  /** The outcome the rule must report on at least one resource. */
  readonly expect?: 'non-compliant' | 'unverified';
  /** A property path (or part of one) that at least one problem must name. */
  readonly path?: string;
}

/** A rule's fixtures: a compliant assembly and at least one known-bad mutation of it. */
export interface RuleFixture {
  readonly rule: TemplateRule;
  readonly compliant: readonly StackTemplate[];
  readonly bad: readonly BadFixture[];
}

/** One stack's template from its resources (and optionally Parameters, Conditions, Outputs, …). */
export function stackTemplate(
  stackName: string,
  resources: Record<string, CfnResourceJson>,
  extra: Omit<CfnTemplateJson, 'Resources'> = {},
): StackTemplate {
  return {
    stackName,
    templatePath: `${stackName}.template.json`,
    template: { ...extra, Resources: resources },
  };
}

/** A deep copy of `templates` changed by `mutate` (which edits the copy in place). */
export function mutate(
  templates: readonly StackTemplate[],
  mutate: (resources: Record<string, Record<string, unknown>>, templates: StackTemplate[]) => void,
): StackTemplate[] {
  const copy = JSON.parse(JSON.stringify(templates)) as StackTemplate[];
  const resources = Object.assign({}, ...copy.map((t) => t.template.Resources ?? {}));
  mutate(resources, copy);
  return copy;
}

/** Deletes the property at a dot path under `resource.Properties` (like `addPropertyDeletionOverride`). */
export function deleteProperty(resource: Record<string, unknown> | undefined, path: string): void {
  if (!resource) throw new Error(`no such resource to delete ${path} from`);
  const keys = ['Properties', ...path.split('.')];
  let current = resource as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) current = current[key] as Record<string, unknown>;
  delete current[keys[keys.length - 1] as string];
}

/** Sets the property at a dot path under `resource.Properties` (like `addPropertyOverride`). */
export function setProperty(
  resource: Record<string, unknown> | undefined,
  path: string,
  value: unknown,
): void {
  if (!resource) throw new Error(`no such resource to set ${path} on`);
  const keys = ['Properties', ...path.split('.')];
  let current = resource as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) {
    current[key] ??= {};
    current = current[key] as Record<string, unknown>;
  }
  current[keys[keys.length - 1] as string] = value;
}

/** The directory holding every rule's fixture file (`<service>/<rule>.fixture.ts`). */
export const RULE_FIXTURES_DIR = path.join(__dirname, '..', 'lib', 'compliance', 'rules');

/** Every `*.fixture.ts` under `dir`, loaded: the registry test and the template pack benchmark share them. */
export function loadRuleFixtures(dir: string = RULE_FIXTURES_DIR): RuleFixture[] {
  return fixtureFiles(dir).map((file) => (require(file) as { fixture: RuleFixture }).fixture);
}

function fixtureFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return fixtureFiles(full);
    return entry.name.endsWith('.fixture.ts') ? [full] : [];
  });
}
