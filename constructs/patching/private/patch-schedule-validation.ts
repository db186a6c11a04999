import { reasonProblem } from '../../core/acknowledge';
import { Citation } from '../../core/citations';
import type { PropsCheck } from '../../core/validation';
import { validatePatchGroup } from '../patch-group';
import type { PatchScheduleProps } from '../patch-schedule';

/** Maintenance-window schedules: a `cron(...)` or `rate(...)` expression. */
const SCHEDULE_PATTERN = /^(cron\([^()]+\)|rate\([1-9][0-9]* (minute|minutes|hour|hours|day|days)\))$/;
/** Systems Manager concurrency: a positive count or a percentage from 1% to 100%. */
export const MAX_CONCURRENCY_PATTERN = /^([1-9][0-9]*|([1-9]|[1-9][0-9]|100)%)$/;
/** Systems Manager error threshold: a count or a percentage from 0% to 100%. */
export const MAX_ERRORS_PATTERN = /^(0|[1-9][0-9]*|([0-9]|[1-9][0-9]|100)%)$/;
/** Operations the install window may run. */
export const PATCH_OPERATIONS = ['Install', 'Scan'] as const;

/** Records every problem with {@link PatchScheduleProps} on `check`. */
export function validatePatchScheduleProps(check: PropsCheck, props: PatchScheduleProps): void {
  const risk = Citation.RISK_MANAGEMENT;
  validatePatchGroup(check, props.patchGroup);
  for (const prop of ['installSchedule', 'scanSchedule'] as const) {
    check.matches(prop, props[prop], SCHEDULE_PATTERN, "a 'cron(...)' or 'rate(...)' expression", risk);
  }
  const durationOk = check.integerInRange('installDurationHours', props.installDurationHours, 1, 24, risk);
  const duration = durationOk ? (props.installDurationHours ?? 4) : 24;
  check.integerInRange('installCutoffHours', props.installCutoffHours, 0, duration - 1, risk);
  check.matches(
    'maxConcurrency',
    props.maxConcurrency,
    MAX_CONCURRENCY_PATTERN,
    "a count of at least 1 or a percentage from '1%' to '100%'",
    risk,
  );
  check.matches(
    'maxErrors',
    props.maxErrors,
    MAX_ERRORS_PATTERN,
    "a count or a percentage from '0%' to '100%'",
    risk,
  );
  check.oneOf('operation', props.operation, PATCH_OPERATIONS, risk);
  if (props.scanOnly === undefined) {
    check.require(props.operation !== 'Scan', {
      prop: 'operation',
      received: props.operation,
      allowed: "'Install' unless scan-only patching is declared with scanOnly: { reason }",
      citation: risk,
    });
  } else {
    check.require(props.operation !== 'Install', {
      prop: 'scanOnly',
      received: props.scanOnly,
      allowed: "absent when operation is 'Install'",
      citation: risk,
    });
    const problem = reasonProblem(props.scanOnly.reason);
    check.require(problem === undefined, {
      prop: 'scanOnly.reason',
      received: props.scanOnly.reason,
      allowed: `a specific reason of at least 20 characters saying how patches are installed instead (it ${problem ?? 'is acceptable'})`,
      citation: risk,
    });
  }
  check.require(props.evidenceBucket === undefined || props.evidenceKey !== undefined, {
    prop: 'evidenceKey',
    received: undefined,
    allowed: 'the KMS key that encrypts evidenceBucket, when evidenceBucket is given',
    citation: Citation.ENCRYPTION_AT_REST,
  });
}
