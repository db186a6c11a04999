import { reasonProblem } from '../../core/acknowledge';
import { Citation } from '../../core/citations';
import { checkRetentionProfile } from '../../core/retention';
import { checkSchedule } from '../../core/schedule-expression';
import type { PropsCheck } from '../../core/validation';
import { validatePatchGroup } from '../patch-group';
import type { PatchScheduleProps } from '../patch-schedule';

/**
 * Longest gap, in days, between two install windows and between two scans: weekly. With critical
 * patches approved within 3 days this installs them within 10 days of release, inside the 15 days
 * (critical) and 30 days (high) that the HHS Security Rule NPRM of January 2025 proposes for patching.
 */
export const MAX_PATCH_WINDOW_GAP_DAYS = 7;
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
    checkSchedule(check, prop, props[prop], MAX_PATCH_WINDOW_GAP_DAYS, risk);
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
  checkRetentionProfile(check, 'logRetention', props.logRetention);
  check.require(props.evidenceBucket === undefined || props.evidenceKey !== undefined, {
    prop: 'evidenceKey',
    received: undefined,
    allowed: 'the KMS key that encrypts evidenceBucket, when evidenceBucket is given',
    citation: Citation.ENCRYPTION_AT_REST,
  });
}
