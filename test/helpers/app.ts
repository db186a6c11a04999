import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, type AppProps, Stack, type StackProps } from 'aws-cdk-lib';

const CDK_JSON = path.join(__dirname, '..', '..', 'cdk.json');

/** The feature flags from the project's cdk.json, so tests synthesize exactly what `cdk synth` does. */
export function projectFeatureFlags(): Record<string, unknown> {
  const context = (JSON.parse(fs.readFileSync(CDK_JSON, 'utf8')) as { context: Record<string, unknown> })
    .context;
  return Object.fromEntries(Object.entries(context).filter(([key]) => key.startsWith('@aws-cdk')));
}

/** Options for {@link newTestApp}. */
export interface TestAppOptions extends AppProps {
  /**
   * Run aws-cdk-lib's built-in CloudFormation validator at synth. Unit tests that synthesize many
   * small stacks turn it off; compliance tests keep it on.
   *
   * @default false
   */
  readonly cloudFormationValidation?: boolean;
}

/** A new app with the project's feature flags and extra context. */
export function newTestApp(options: TestAppOptions = {}): App {
  const { cloudFormationValidation, context, ...rest } = options;
  return new App({
    ...rest,
    builtinCloudFormationValidation: cloudFormationValidation ?? false,
    context: { ...projectFeatureFlags(), ...context },
  });
}

/** A new stack in a new test app. The environment is fixed so availability zones resolve offline. */
export function newTestStack(props: StackProps & { app?: App } = {}): Stack {
  const { app, ...stackProps } = props;
  return new Stack(app ?? newTestApp(), 'TestStack', {
    env: { account: '111122223333', region: 'us-east-1' },
    ...stackProps,
  });
}
