import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Citation } from '../../core/citations';
import { checkRetentionProfile } from '../../core/retention';
import type { PropsCheck } from '../../core/validation';
import { SafeguardCitation } from '../../patching/private/citations';
import type { HardenedFunctionProps } from '../hardened-function';

/**
 * Lambda runtimes a {@link HardenedFunction} accepts: managed runtimes on Amazon Linux 2023 that AWS
 * Lambda still patches, per its runtime deprecation schedule as of November 2026. Left out on purpose:
 * nodejs20.x (deprecated 30 April 2026), dotnet8 (10 November 2026), python3.10 and older, and the
 * Amazon Linux 2 runtimes (java11, java17, python3.11, provided.al2, java8.al2), whose OS reached end
 * of support on 30 June 2026. Review this list with each release.
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
 */
export const SUPPORTED_FUNCTION_RUNTIMES: readonly lambda.Runtime[] = [
  lambda.Runtime.NODEJS_24_X,
  lambda.Runtime.NODEJS_22_X,
  lambda.Runtime.PYTHON_3_14,
  lambda.Runtime.PYTHON_3_13,
  lambda.Runtime.PYTHON_3_12,
  lambda.Runtime.JAVA_25,
  lambda.Runtime.JAVA_21,
  lambda.Runtime.DOTNET_10,
  lambda.Runtime.RUBY_3_4,
  lambda.Runtime.RUBY_3_3,
  lambda.Runtime.PROVIDED_AL2023,
];

/** Most reserved concurrency accepted: the default Regional concurrency quota. */
export const MAX_RESERVED_CONCURRENCY = 1000;

/** Records every problem with {@link HardenedFunctionProps} other than the subnets on `check`. */
export function validateFunctionProps(check: PropsCheck, props: HardenedFunctionProps): void {
  const names = SUPPORTED_FUNCTION_RUNTIMES.map((r) => r.name);
  check.require(props.runtime !== undefined && names.includes(props.runtime.name), {
    prop: 'runtime',
    received: props.runtime?.name,
    allowed: `a runtime AWS Lambda still patches: one of ${names.join(', ')}`,
    citation: `${SafeguardCitation.MALWARE_PROTECTION}, ${Citation.RISK_MANAGEMENT}`,
  });
  check.integerInRange(
    'reservedConcurrentExecutions',
    props.reservedConcurrentExecutions,
    1,
    MAX_RESERVED_CONCURRENCY,
    Citation.RISK_MANAGEMENT,
  );
  check.integerInRange('memorySize', props.memorySize, 128, 10240, Citation.RISK_MANAGEMENT);
  check.durationInRange(
    'timeout',
    props.timeout,
    Duration.seconds(1),
    Duration.minutes(15),
    Citation.RISK_MANAGEMENT,
  );
  checkRetentionProfile(check, 'logRetention', props.logRetention);
  check.matches(
    'handler',
    props.handler,
    /^\S{1,128}$/,
    'a handler of 1 to 128 characters',
    Citation.RISK_MANAGEMENT,
  );
}
