import { Duration } from 'aws-cdk-lib';
import { Citation } from '../../core/citations';
import type { PropsCheck } from '../../core/validation';
import { checkSessionDuration } from './session-limits';

/** Shortest access or ID token lifetime the toolkit accepts. */
export const MIN_ACCESS_TOKEN = Duration.minutes(15);
/** Longest access or ID token lifetime the toolkit accepts. */
export const MAX_ACCESS_TOKEN = Duration.hours(1);
/** Shortest refresh token lifetime Cognito accepts. */
export const MIN_REFRESH_TOKEN = Duration.hours(1);
/** Longest refresh token lifetime for clinician apps: one shift. */
export const MAX_CLINICIAN_REFRESH_TOKEN = Duration.hours(12);
/** Longest refresh token lifetime for patient apps, on the patient's own device. */
export const MAX_PATIENT_REFRESH_TOKEN = Duration.days(30);

/** What {@link validateAppClient} checks. */
export interface AppClientValues {
  readonly callbackUrls: readonly string[] | undefined;
  readonly logoutUrls?: readonly string[];
  readonly accessTokenValidity?: Duration;
  readonly idTokenValidity?: Duration;
  readonly refreshTokenValidity?: Duration;
  readonly maxRefreshToken: Duration;
}

/**
 * `https://` URLs, `http://localhost` for development, or a custom scheme for a native app, each
 * starting with a literal scheme (a token may follow it, e.g. a CloudFront domain). Never a wildcard.
 */
const REDIRECT_URL =
  /^(?:https:\/\/[^\s*]+|http:\/\/localhost(?::\d+)?(?:\/[^\s*]*)?|[a-z][a-z0-9+.-]*:\/\/[^\s*]*)$/;
const PLAIN_HTTP = /^http:\/\/(?!localhost(?::\d+)?(?:\/|$))/;

function checkUrls(
  check: PropsCheck,
  prop: string,
  urls: readonly string[] | undefined,
  required: boolean,
): void {
  if (urls === undefined || urls.length === 0) {
    check.require(!required, {
      prop,
      received: urls,
      allowed: 'at least one redirect URL',
      citation: Citation.AUTHENTICATION,
    });
    return;
  }
  urls.forEach((url, i) => {
    check.require(REDIRECT_URL.test(url) && !PLAIN_HTTP.test(url), {
      prop: `${prop}[${i}]`,
      received: url,
      allowed:
        'an https:// URL (http:// only for localhost) or a native-app custom scheme, starting with a literal scheme and without wildcards',
      citation: Citation.TRANSMISSION_SECURITY,
    });
  });
}

/** Records every problem with an app client's redirect URLs and token lifetimes on `check`. */
export function validateAppClient(check: PropsCheck, values: AppClientValues): void {
  checkUrls(check, 'callbackUrls', values.callbackUrls, true);
  checkUrls(check, 'logoutUrls', values.logoutUrls, false);
  checkSessionDuration(
    check,
    'accessTokenValidity',
    values.accessTokenValidity,
    MIN_ACCESS_TOKEN,
    MAX_ACCESS_TOKEN,
  );
  checkSessionDuration(check, 'idTokenValidity', values.idTokenValidity, MIN_ACCESS_TOKEN, MAX_ACCESS_TOKEN);
  checkSessionDuration(
    check,
    'refreshTokenValidity',
    values.refreshTokenValidity,
    MIN_REFRESH_TOKEN,
    values.maxRefreshToken,
  );
}
