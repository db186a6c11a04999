import { AspectPriority, Aspects, type IAspect, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type { IConstruct } from 'constructs';
import { AUTHORIZER_CITATION } from './phi-api-validation';

/** A method as it will be deployed, overrides included. */
interface RenderedMethod {
  readonly path: string;
  readonly httpMethod: unknown;
  readonly authorizationType: unknown;
  readonly integrationType: unknown;
}

/**
 * True for a CORS preflight: an OPTIONS method answered by a MOCK integration, which never reaches a
 * backend or PHI. Shared by the synth check and the `ApiGatewayMethodAuthorization` template rule.
 */
export function isCorsPreflight(httpMethod: unknown, integrationType: unknown): boolean {
  return httpMethod === 'OPTIONS' && integrationType === 'MOCK';
}

/** Every CloudFormation method of `api`: those under its construct tree and those attached from elsewhere. */
function methodsOf(api: apigateway.RestApi): apigateway.CfnMethod[] {
  const found = new Set<apigateway.CfnMethod>();
  for (const node of api.node.findAll()) if (node instanceof apigateway.CfnMethod) found.add(node);
  for (const method of api.methods) {
    const cfn = method.node.defaultChild;
    if (cfn instanceof apigateway.CfnMethod) found.add(cfn);
  }
  return [...found];
}

function render(method: apigateway.CfnMethod): RenderedMethod {
  const rendered = Stack.of(method).resolve(method._toCloudFormation()) as {
    Resources?: Record<string, { Properties?: Record<string, unknown> }>;
  };
  const properties = Object.values(rendered.Resources ?? {})[0]?.Properties ?? {};
  const scope = method.node.scope;
  return {
    path: scope instanceof apigateway.Method ? scope.resource.path : method.node.path,
    httpMethod: properties.HttpMethod,
    authorizationType: properties.AuthorizationType,
    integrationType: (properties.Integration as { Type?: unknown } | undefined)?.Type,
  };
}

/**
 * The problems of every method of `api` that will be deployed without an authorizer
 * (`AuthorizationType` absent or `NONE`, read from the rendered template so overrides count). A CORS
 * preflight is exempt only when the API declares CORS.
 *
 * @param api the REST API
 * @param corsDeclared whether the API's props declare CORS (so its preflights are expected)
 */
export function unauthorizedMethodProblems(api: apigateway.RestApi, corsDeclared: boolean): string[] {
  return methodsOf(api).flatMap((cfn) => {
    const method = render(cfn);
    const type = method.authorizationType ?? 'NONE';
    if (type !== 'NONE' && typeof type === 'string') return [];
    const preflight = isCorsPreflight(method.httpMethod, method.integrationType);
    if (corsDeclared && preflight) return [];
    const hint = preflight ? ' (for a CORS preflight, declare the PhiApi cors prop instead)' : '';
    return [
      `${cfn.node.path}: method ${String(method.httpMethod)} ${method.path} must have an authorizer (${AUTHORIZER_CITATION}), got AuthorizationType ${JSON.stringify(type)}; remove its 'authorizationType: NONE' (or override) so it keeps the PhiApi authorizer, or give it its own authorizer${hint}`,
    ];
  });
}

/**
 * Sets `validator` on every method of the API that has none (CORS preflights excepted), so request
 * bodies and parameters are validated on methods the app adds later too. CDK's `defaultMethodOptions`
 * does not carry a request validator, hence the aspect. It sets the L1 property, which cdk-nag reads.
 */
class DefaultRequestValidator implements IAspect {
  constructor(private readonly validator: apigateway.IRequestValidator) {}

  public visit(node: IConstruct): void {
    if (!(node instanceof apigateway.CfnMethod) || node.requestValidatorId !== undefined) return;
    if (node.httpMethod === 'OPTIONS') return;
    node.requestValidatorId = this.validator.requestValidatorId;
  }
}

/** Applies `validator` to every method under `api` that has no validator of its own. */
export function applyDefaultRequestValidator(
  api: apigateway.RestApi,
  validator: apigateway.IRequestValidator,
): void {
  Aspects.of(api).add(new DefaultRequestValidator(validator), { priority: AspectPriority.MUTATING });
}
