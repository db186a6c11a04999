// One measured evaluation of every template evidence rule over a synthetic cloud assembly, run in its
// own process by template-pack.bench.ts. Usage: tsx bench/template-pack-once.ts <resources>
//
// The assembly repeats the compliant fixture of every single-stack rule (test/lib/compliance/rules/**),
// logical ids suffixed per copy, packed 500 resources to a template. Every rule evaluates; a fixture for one
// rule is not compliant for every other rule, so the run includes failures (the slower path).
import { performance } from 'node:perf_hooks';
import { TEMPLATE_RULES } from '../lib/compliance/rules';
import type { CfnResourceJson, StackTemplate } from '../lib/compliance/template/cfn-template';
import { evaluateTemplates } from '../lib/compliance/template/evaluate-templates';
import { TemplateSet } from '../lib/compliance/template/template-set';
import { loadRuleFixtures } from '../test/helpers/template-fixtures';

const RESOURCES_PER_TEMPLATE = 500;

/** The resources of each single-stack, self-contained compliant fixture. */
function kits(): Record<string, CfnResourceJson>[] {
  return loadRuleFixtures()
    .map((fixture) => fixture.compliant)
    .filter((stacks) => stacks.length === 1 && !JSON.stringify(stacks).includes('Fn::ImportValue'))
    .map((stacks) => (stacks[0] as StackTemplate).template.Resources ?? {});
}

/** A copy of `resources` with every logical id (and every reference to it) suffixed by `suffix`. */
function renamed(
  resources: Record<string, CfnResourceJson>,
  suffix: string,
): Record<string, CfnResourceJson> {
  let json = JSON.stringify(resources);
  for (const id of Object.keys(resources)) {
    json = json
      .replace(new RegExp(`"${id}"`, 'g'), `"${id}${suffix}"`)
      .replace(new RegExp(`\\$\\{${id}([.}])`, 'g'), `\${${id}${suffix}$1`);
  }
  return JSON.parse(json);
}

const resources = Number(process.argv[2]);
if (!Number.isInteger(resources) || resources <= 0) {
  console.error('usage: template-pack-once.ts <resources>');
  process.exit(2);
}
const all = kits();
const templates: StackTemplate[] = [];
let current: Record<string, CfnResourceJson> = {};
let count = 0;
for (let copy = 0; count < resources; copy++) {
  for (const [k, kit] of all.entries()) {
    Object.assign(current, renamed(kit, `C${copy}K${k}`));
    count += Object.keys(kit).length;
    if (Object.keys(current).length >= RESOURCES_PER_TEMPLATE || count >= resources) {
      const stackName = `Bench${templates.length}`;
      templates.push({
        stackName,
        templatePath: `${stackName}.template.json`,
        template: { Resources: current },
      });
      current = {};
    }
    if (count >= resources) break;
  }
}
const started = performance.now();
const set = new TemplateSet(templates);
const { evaluations } = evaluateTemplates(set, TEMPLATE_RULES);
const evaluateMs = performance.now() - started;
const failing = evaluations.filter((e) => e.outcome !== 'compliant').length;
process.stdout.write(
  `${JSON.stringify({ resources: count, templates: templates.length, rules: TEMPLATE_RULES.length, evaluations: evaluations.length, failing, evaluateMs, maxRssKb: process.resourceUsage().maxRSS })}\n`,
);
