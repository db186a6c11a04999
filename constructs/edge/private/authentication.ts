import { Duration } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as actions from 'aws-cdk-lib/aws-elasticloadbalancingv2-actions';
import type { PhiLoadBalancerAuthentication } from '../phi-load-balancer';

/** Longest an authenticated session lasts before the user signs in again, unless set. */
export const DEFAULT_LOAD_BALANCER_SESSION_TIMEOUT = Duration.hours(1);

/**
 * `next`, behind the configured authentication: the listener signs the user in with the Cognito user pool
 * or OIDC provider before the request reaches `next`. A new action on every call, since an action belongs
 * to one listener rule. Both kinds open HTTPS egress from the load balancer so it can reach the
 * provider's token and user-info endpoints.
 */
export function authenticated(
  auth: PhiLoadBalancerAuthentication | undefined,
  next: elbv2.ListenerAction,
): elbv2.ListenerAction {
  if (auth === undefined) return next;
  const sessionTimeout = auth.sessionTimeout ?? DEFAULT_LOAD_BALANCER_SESSION_TIMEOUT;
  if (auth.cognito) {
    return new actions.AuthenticateCognitoAction({
      userPool: auth.cognito.userPool,
      userPoolClient: auth.cognito.userPoolClient,
      userPoolDomain: auth.cognito.userPoolDomain,
      sessionTimeout,
      next,
    });
  }
  const oidc = auth.oidc;
  if (oidc === undefined) return next; // unreachable: validation requires cognito or oidc
  return elbv2.ListenerAction.authenticateOidc({
    issuer: oidc.issuer,
    authorizationEndpoint: oidc.authorizationEndpoint,
    tokenEndpoint: oidc.tokenEndpoint,
    userInfoEndpoint: oidc.userInfoEndpoint,
    clientId: oidc.clientId,
    clientSecret: oidc.clientSecret,
    scope: oidc.scope,
    sessionTimeout,
    next,
  });
}
