import * as iam from 'aws-cdk-lib/aws-iam';

/** The only action a PhiApi resource policy is about. */
const INVOKE = 'execute-api:Invoke';
/** Every method of every stage of the API, in the resource-policy shorthand API Gateway expands. */
const EVERY_METHOD = 'execute-api:/*';

/**
 * The resource policy of a private PhiApi: invocations are denied unless they come through
 * `vpcEndpointId` (`aws:SourceVpce`), and allowed through it. With IAM authorization the allow names
 * this account, so a caller also needs an IAM policy of the account allowing `execute-api:Invoke`;
 * with Cognito or Lambda authorizers callers carry no AWS identity, so the allow is for any principal
 * and the authorizer decides.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html#apigateway-resource-policies-source-vpc-example
 */
export function privateEndpointPolicy(vpcEndpointId: string, iamAuthorization: boolean): iam.PolicyDocument {
  return new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        sid: 'DenyOutsideTheVpcEndpoint',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: [INVOKE],
        resources: [EVERY_METHOD],
        conditions: { StringNotEquals: { 'aws:SourceVpce': vpcEndpointId } },
      }),
      new iam.PolicyStatement({
        sid: 'AllowThroughTheVpcEndpoint',
        effect: iam.Effect.ALLOW,
        principals: [iamAuthorization ? new iam.AccountRootPrincipal() : new iam.AnyPrincipal()],
        actions: [INVOKE],
        resources: [EVERY_METHOD],
        conditions: { StringEquals: { 'aws:SourceVpce': vpcEndpointId } },
      }),
    ],
  });
}
