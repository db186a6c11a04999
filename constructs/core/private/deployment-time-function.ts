import type { IConstruct } from 'constructs';
import { acknowledgeBuiltIn } from './acknowledge-built-in';

/**
 * Acknowledges, on a Lambda function that only CloudFormation invokes while it deploys (a custom-resource
 * provider or lookup), the HIPAA.Security and NIST.800.53.R5 findings that do not fit such a function:
 * reserved concurrency (a few invocations per deployment bound nothing and would take capacity from PHI
 * workloads), a dead-letter queue (CloudFormation waits for the answer; a failure fails the deployment
 * and is in the stack events and the function's encrypted log group) and a VPC, for the reason given.
 *
 * @param outsideVpc why the function runs outside a VPC (which control-plane APIs it calls, why no VPC path exists)
 */
export function acknowledgeDeploymentTimeFunction(fn: IConstruct, outsideVpc: string): void {
  const concurrency =
    'The function runs only while CloudFormation creates, updates or deletes its custom resources, a few invocations per deployment; reserving concurrency for it would take capacity from PHI workloads and bound nothing.';
  const dlq =
    'CloudFormation invokes the function and waits for its answer: a failure fails the deployment and is recorded in the stack events and the encrypted log group, so a dead-letter queue would hold nothing actionable.';
  acknowledgeBuiltIn(fn, [
    { ruleId: 'HIPAA.Security-LambdaConcurrency', reason: concurrency },
    { ruleId: 'NIST.800.53.R5-LambdaConcurrency', reason: concurrency },
    { ruleId: 'HIPAA.Security-LambdaDLQ', reason: dlq },
    { ruleId: 'NIST.800.53.R5-LambdaDLQ', reason: dlq },
    { ruleId: 'HIPAA.Security-LambdaInsideVPC', reason: outsideVpc },
    { ruleId: 'NIST.800.53.R5-LambdaInsideVPC', reason: outsideVpc },
  ]);
}
