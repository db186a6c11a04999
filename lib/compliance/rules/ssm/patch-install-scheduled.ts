import { Citation } from '../../../../constructs/core/citations';
import { SafeguardCitation } from '../../../../constructs/patching/private/citations';
import type { Resolved } from '../../template/resolve';
import { containsSpecial, fail, type TemplateRule, unverified } from '../../template/rule';
import { isSpecial, type TemplateResource, type TemplateSet } from '../../template/template-set';
import { isObject } from '../private/json-values';

/** The Systems Manager document that scans or installs patches against the patch baseline. */
const PATCH_DOCUMENT = 'AWS-RunPatchBaseline';
/** Tag keys Patch Manager reads the patch group from. */
const PATCH_GROUP_TAGS = ['tag:PatchGroup', 'tag:Patch Group'];

const asList = (value: Resolved | undefined): Resolved[] =>
  value === undefined ? [] : Array.isArray(value) ? [...value] : [value];

/** A scheduled run of AWS-RunPatchBaseline with Operation Install, and the targets it reaches. */
interface InstallRun {
  readonly resource: TemplateResource;
  /** The `Targets` entries (`{Key, Values}`), window targets expanded. */
  readonly targets: readonly Resolved[];
  /** True when something that decides whether it installs cannot be resolved. */
  readonly unresolved: boolean;
}

const isPatchDocument = (name: Resolved | undefined) =>
  typeof name === 'string' && (name === PATCH_DOCUMENT || name.endsWith(`:document/${PATCH_DOCUMENT}`));

/** Maintenance window tasks that install patches in an enabled, scheduled window. */
function windowTaskRuns(set: TemplateSet): InstallRun[] {
  return set.ofType('AWS::SSM::MaintenanceWindowTask').flatMap((task): InstallRun[] => {
    const p = task.properties;
    const invocation = isObject(p.TaskInvocationParameters) ? p.TaskInvocationParameters : {};
    const command = isObject(invocation.MaintenanceWindowRunCommandParameters)
      ? invocation.MaintenanceWindowRunCommandParameters
      : {};
    const operation = isObject(command.Parameters) ? command.Parameters.Operation : undefined;
    const undecided = containsSpecial(p.TaskArn ?? null) || containsSpecial(operation ?? null);
    if (!undecided && (!isPatchDocument(p.TaskArn) || !asList(operation).includes('Install'))) return [];
    const window = set.target(p.WindowId);
    if (window && (window.properties.Enabled === false || window.properties.Schedule === undefined))
      return [];
    const unresolved = undecided || window === undefined;
    const targets = asList(p.Targets).flatMap((t) => {
      if (!isObject(t) || t.Key !== 'WindowTargetIds') return [t];
      return asList(t.Values).flatMap((v) => asList(set.target(v)?.properties.Targets ?? v));
    });
    return [{ resource: task, targets, unresolved }];
  });
}

/** State Manager associations of AWS-RunPatchBaseline that install on a schedule. */
function associationRuns(set: TemplateSet): InstallRun[] {
  return set.ofType('AWS::SSM::Association').flatMap((association): InstallRun[] => {
    const p = association.properties;
    const operation = isObject(p.Parameters) ? p.Parameters.Operation : undefined;
    const unresolved = containsSpecial(p.Name ?? null) || containsSpecial(operation ?? null);
    if (!unresolved && (!isPatchDocument(p.Name) || !asList(operation).includes('Install'))) return [];
    if (p.ScheduleExpression === undefined) return [];
    return [{ resource: association, targets: asList(p.Targets), unresolved }];
  });
}

/** Whether a run reaches instances of the patch group (`undefined`: any target counts). */
function reaches(run: InstallRun, group: string | undefined): 'yes' | 'unknown' | 'no' {
  if (group === undefined) return run.targets.length > 0 ? 'yes' : 'no';
  let unknown = false;
  for (const target of run.targets) {
    if (!isObject(target) || containsSpecial(target)) {
      unknown = true;
      continue;
    }
    if (PATCH_GROUP_TAGS.includes(String(target.Key)) && asList(target.Values).includes(group)) return 'yes';
  }
  return unknown ? 'unknown' : 'no';
}

/**
 * Every patch baseline's patch groups (or, for a default baseline without groups, any instance) are
 * targeted by a scheduled AWS-RunPatchBaseline run with `Operation: Install`: a maintenance window task
 * in an enabled, scheduled window, or a scheduled State Manager association. Scan-only runs do not count.
 */
export const PatchInstallScheduled: TemplateRule = {
  id: 'PatchInstallScheduled',
  citations: [SafeguardCitation.MALWARE_PROTECTION, Citation.RISK_MANAGEMENT],
  severity: 'error',
  resourceTypes: ['AWS::SSM::PatchBaseline'],
  rationale:
    'An approved patch protects nothing until it is installed: without a scheduled Install run, instances holding ePHI only report missing patches.',
  fix: 'Use PatchSchedule for the baselines’ patch group (or add a maintenance window task or association running AWS-RunPatchBaseline with Operation Install that targets tag:PatchGroup).',
  check: (view, set) => {
    const groups = view.values('PatchGroups[]');
    const isDefault = view.get('DefaultBaseline') === true;
    if (groups.some(isSpecial))
      return [unverified('PatchGroups', view.get('PatchGroups'), 'literal patch groups')];
    if (groups.length === 0 && !isDefault)
      return [
        fail(
          'PatchGroups',
          'PatchGroups must name a patch group (or the baseline be the default): it patches no instance',
        ),
      ];
    const runs = [...windowTaskRuns(set), ...associationRuns(set)];
    const wanted = groups.length > 0 ? (groups as string[]) : [undefined];
    const problems = wanted.flatMap((group) => {
      const results = runs.map((run) => ({ run, result: reaches(run, group) }));
      const installing = results.filter((r) => r.result === 'yes' && !r.run.unresolved);
      const name = group === undefined ? 'the default baseline' : `patch group ${group}`;
      view.note(
        `installRuns.${group ?? 'default'}`,
        installing.map((r) => r.run.resource.label),
      );
      if (installing.length > 0) return [];
      if (results.some((r) => r.result !== 'no'))
        return [
          {
            path: 'Properties.PatchGroups',
            message: `an AWS-RunPatchBaseline run may install on ${name}, but its document, operation, window or targets cannot be resolved at synth`,
            unverified: true,
          },
        ];
      return [
        fail(
          'PatchGroups',
          `no scheduled AWS-RunPatchBaseline run with Operation Install targets ${name} (tag:PatchGroup); patches are approved but never installed`,
        ),
      ];
    });
    return problems;
  },
};
