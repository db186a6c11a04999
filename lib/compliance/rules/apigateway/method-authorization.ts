import { isCorsPreflight } from '../../../../constructs/api/private/method-checks';
import { Citation } from '../../../../constructs/core/citations';
import { expectPresent, fail, NOT_APPLICABLE, type TemplateRule, unverified } from '../../template/rule';
import { isSpecial } from '../../template/template-set';

/** Authorization types that name an authorizer resource, which must then be set. */
const WITH_AUTHORIZER = ['COGNITO_USER_POOLS', 'CUSTOM'];
/** Every authorization type that authenticates the caller. */
const AUTHORIZED = ['AWS_IAM', ...WITH_AUTHORIZER];

/**
 * Every API Gateway REST API method has an authorizer: `AuthorizationType` is `AWS_IAM`, or
 * `COGNITO_USER_POOLS` / `CUSTOM` with an `AuthorizerId`. An absent type is `NONE`. A CORS preflight (an
 * OPTIONS method with a MOCK integration, which never reaches a backend) is not judged. Reads the
 * template, so an `authorizationType: NONE` set later or through an override is caught, as PhiApi's
 * synth check does.
 */
export const ApiGatewayMethodAuthorization: TemplateRule = {
  id: 'ApiGatewayMethodAuthorization',
  citations: [Citation.AUTHENTICATION, Citation.ACCESS_CONTROL],
  severity: 'error',
  resourceTypes: ['AWS::ApiGateway::Method'],
  rationale:
    'A method without an authorizer answers anyone on the internet (or on the VPC endpoint): nothing verifies who the caller is before the backend returns or changes ePHI.',
  fix: "Build the API with PhiApi (its authorizer is on every method) and remove any 'authorizationType: NONE'; on a raw method set AuthorizationType AWS_IAM, or COGNITO_USER_POOLS / CUSTOM with an AuthorizerId.",
  check: (view) => {
    const type = view.get('AuthorizationType');
    if (isSpecial(type)) return [unverified('AuthorizationType', type, AUTHORIZED.join(', '))];
    if (type === undefined || type === 'NONE') {
      if (isCorsPreflight(view.get('HttpMethod'), view.get('Integration.Type'))) return NOT_APPLICABLE;
      return [
        fail(
          'AuthorizationType',
          `AuthorizationType must be one of ${AUTHORIZED.join(', ')}, got ${type === undefined ? 'nothing (NONE)' : '"NONE"'}: the method answers unauthenticated callers`,
        ),
      ];
    }
    if (typeof type !== 'string' || !AUTHORIZED.includes(type))
      return [
        fail(
          'AuthorizationType',
          `AuthorizationType must be one of ${AUTHORIZED.join(', ')}, got ${JSON.stringify(type)}`,
        ),
      ];
    return WITH_AUTHORIZER.includes(type)
      ? expectPresent(view, 'AuthorizerId', `a ${type} method names the authorizer that checks callers`)
      : [];
  },
};
