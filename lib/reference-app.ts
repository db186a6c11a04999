import type { App } from 'aws-cdk-lib';
import { applyComplianceGate } from './compliance/gate';
import { CONFIG_CONTEXT_KEY, parseBaselineConfig } from './config';
import { DataProtectionStack } from './stacks/data-protection-stack';

/** Options for {@link buildReferenceApp}. */
export interface ReferenceAppOptions {
  /**
   * Register the rule packs and data-protection aspects. Only the benchmark turns this off, to measure
   * what the gate costs; `bin/app.ts` always gates.
   *
   * @default true
   */
  readonly complianceGate?: boolean;
}

/** The stacks of the reference app. */
export interface ReferenceApp {
  /** The data-protection stack. */
  readonly dataProtection: DataProtectionStack;
}

/**
 * Adds the reference stacks to `app`, configured from the `hipaaBaseline` context key, and gates the app
 * on the compliance packs.
 *
 * @throws ConfigError when the configuration is invalid
 */
export function buildReferenceApp(app: App, options: ReferenceAppOptions = {}): ReferenceApp {
  const config = parseBaselineConfig(app.node.tryGetContext(CONFIG_CONTEXT_KEY));
  if (options.complianceGate ?? true) applyComplianceGate(app);
  const env =
    config.env.account || config.env.region
      ? { account: config.env.account, region: config.env.region }
      : undefined;
  const prefix = `Hipaa-${config.environmentName}`;
  const dataProtection = new DataProtectionStack(app, `${prefix}-DataProtection`, {
    env,
    config,
    description:
      'cdk-hipaa-baseline: PHI network, keys and data stores (HIPAA 164.312(a)(2)(iv), 164.312(e)(1))',
    terminationProtection: true,
  });
  return { dataProtection };
}
