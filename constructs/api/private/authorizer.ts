import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type { Construct } from 'constructs';
import type { PhiApiAuthorization } from '../phi-api';

/** The authorizer of a PhiApi and the method options that put it on every method. */
export interface ApiAuthorizer {
  /** The authorizer construct; none for IAM authorization. */
  readonly authorizer?: apigateway.Authorizer;
  /** `defaultMethodOptions` of the REST API. */
  readonly methodOptions: apigateway.MethodOptions;
  /** Which kind of authorizer it is, for the acknowledgments that depend on it. */
  readonly kind: 'cognito' | 'iam' | 'lambda';
}

/**
 * Builds the authorizer for validated `authorization` props, as `<scope>/Authorizer`:
 *
 * | authorization                             | authorizer                                            |
 * | ----------------------------------------- | ----------------------------------------------------- |
 * | `{ cognito: { userPools, scopes? } }`     | Cognito user pools; access tokens with `scopes`, else ID tokens |
 * | `{ iam: true }`                           | none: `AWS_IAM` on every method (SigV4)               |
 * | `{ lambda: fn }`                          | token authorizer reading the `Authorization` header   |
 * | `{ lambda: fn, identitySources: [...] }`  | request authorizer reading those sources              |
 */
export function createAuthorizer(scope: Construct, authorization: PhiApiAuthorization): ApiAuthorizer {
  if ('iam' in authorization && authorization.iam) {
    return { kind: 'iam', methodOptions: { authorizationType: apigateway.AuthorizationType.IAM } };
  }
  if ('lambda' in authorization && authorization.lambda) {
    const authorizer =
      authorization.identitySources === undefined
        ? new apigateway.TokenAuthorizer(scope, 'Authorizer', { handler: authorization.lambda })
        : new apigateway.RequestAuthorizer(scope, 'Authorizer', {
            handler: authorization.lambda,
            identitySources: [...authorization.identitySources],
          });
    return {
      kind: 'lambda',
      authorizer,
      methodOptions: { authorizer, authorizationType: apigateway.AuthorizationType.CUSTOM },
    };
  }
  const cognito = (authorization as Extract<PhiApiAuthorization, { cognito: unknown }>).cognito;
  const authorizer = new apigateway.CognitoUserPoolsAuthorizer(scope, 'Authorizer', {
    cognitoUserPools: [...cognito.userPools],
  });
  return {
    kind: 'cognito',
    authorizer,
    methodOptions: {
      authorizer,
      authorizationType: apigateway.AuthorizationType.COGNITO,
      authorizationScopes: cognito.scopes ? [...cognito.scopes] : undefined,
    },
  };
}
