import { Duration, Token } from 'aws-cdk-lib';
import type { PropsCheck } from '../../core/validation';
import { IdentityCitation } from './citations';

/** Shortest role session IAM allows. */
export const MIN_SESSION = Duration.hours(1);
/** Longest session of the administrator and break-glass roles. */
export const MAX_PRIVILEGED_SESSION = Duration.hours(4);
/** Longest role session IAM allows; the cap for the developer and auditor roles. */
export const MAX_SESSION = Duration.hours(12);
/** Longest MFA age the toolkit accepts: an IAM user's console session, 12 hours. */
export const MAX_MFA_AGE_SECONDS = 43200;

/**
 * Records a problem when `value` is not a resolved duration of whole seconds from `min` to `max`
 * (164.312(a)(2)(iii) automatic logoff). Tokens are rejected: a session length that cannot be read at
 * synth time cannot be shown to end.
 */
export function checkSessionDuration(
  check: PropsCheck,
  prop: string,
  value: Duration | undefined,
  min: Duration,
  max: Duration,
): void {
  if (value === undefined) return;
  const seconds = value.toSeconds({ integral: false });
  const ok =
    !Token.isUnresolved(seconds) &&
    Number.isInteger(seconds) &&
    seconds >= min.toSeconds() &&
    seconds <= max.toSeconds();
  check.require(ok, {
    prop,
    received: Token.isUnresolved(seconds) ? seconds : `${value.toHumanString()} (${value.toIsoString()})`,
    allowed: `from ${min.toHumanString()} to ${max.toHumanString()} (${min.toIsoString()} to ${max.toIsoString()})`,
    citation: IdentityCitation.AUTOMATIC_LOGOFF,
  });
}

/** Session durations per role, as `AccessRoles` and `IdentityCenterPermissionSets` take them. */
interface RoleSessionDurations {
  readonly administrator?: Duration;
  readonly developer?: Duration;
  readonly auditor?: Duration;
  readonly breakGlass?: Duration;
}

/**
 * Checks `sessionDurations`: administrator and break-glass from 1 to 4 hours, developer and auditor from
 * 1 to 12 hours.
 */
export function checkRoleSessionDurations(check: PropsCheck, durations: RoleSessionDurations = {}): void {
  const limits: [keyof RoleSessionDurations, Duration][] = [
    ['administrator', MAX_PRIVILEGED_SESSION],
    ['developer', MAX_SESSION],
    ['auditor', MAX_SESSION],
    ['breakGlass', MAX_PRIVILEGED_SESSION],
  ];
  for (const [role, max] of limits) {
    checkSessionDuration(check, `sessionDurations.${role}`, durations[role], MIN_SESSION, max);
  }
}
