import { ArnFormat, Stack } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/**
 * The ARN of a runbook's default version as an automation definition: what an EventBridge target
 * names and what `ssm:StartAutomationExecution` is granted on.
 */
export function automationDefinitionArn(scope: Construct, documentName: string, version?: string): string {
  return Stack.of(scope).formatArn({
    service: 'ssm',
    resource: 'automation-definition',
    resourceName: version ? `${documentName}:${version}` : documentName,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

/**
 * An EventBridge target that starts a Systems Manager Automation runbook. EventBridge supports runbooks as
 * targets natively (the target ARN is the automation definition and a role lets EventBridge start it);
 * aws-cdk-lib has no L2 class for it, so this is that class: no Lambda and no custom resource in the path.
 * Runbook parameters are passed as the target input, each value a list of strings.
 *
 * @see https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-cwe-target.html
 */
export class AutomationTarget implements events.IRuleTarget {
  constructor(
    private readonly documentArn: string,
    private readonly role: iam.IRole,
    private readonly input: events.RuleTargetInput,
  ) {}

  /** Returns the target configuration for the rule. */
  public bind(): events.RuleTargetConfig {
    return { arn: this.documentArn, role: this.role, input: this.input };
  }
}
