import * as fs from 'node:fs';
import { isDeepStrictEqual } from 'node:util';

/** One source of configuration, lowest precedence first in a list of layers. */
export interface ConfigLayer {
  /** Where the value came from, for error messages, e.g. `cdk.json context 'hipaaBaseline'`. */
  readonly source: string;
  /** An object, a JSON string (as `-c` passes it), or `undefined` when the source does not set it. */
  readonly value: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Merges configuration layers, lowest first: objects merge key by key (recursively), while arrays,
 * scalars and `null` replace what is below them. So `-c hipaaBaseline='{"environmentName":"staging"}'`
 * changes one key and keeps the alert lists of cdk.json, and `{"alerts":{"critical":["a@b.org"]}}`
 * replaces the critical list only.
 */
export function mergeConfigLayers(layers: readonly unknown[]): unknown {
  let merged: unknown;
  for (const layer of layers) merged = mergeTwo(merged, layer);
  return merged;
}

function mergeTwo(below: unknown, above: unknown): unknown {
  if (above === undefined) return below;
  if (!isPlainObject(below) || !isPlainObject(above)) return structuredClone(above);
  const merged: Record<string, unknown> = { ...below };
  for (const [key, value] of Object.entries(above)) merged[key] = mergeTwo(below[key], value);
  return merged;
}

/**
 * The layers of the reference app above the defaults in code: `cdk.json` → `context` → `contextKey`,
 * then the app's context value when it differs from it. The CDK CLI gives a `-c contextKey=…` value to
 * the app in place of cdk.json's, so the app reads cdk.json itself to merge the two.
 *
 * @param cdkJsonPath the project's cdk.json; absent or unreadable means no cdk.json layer
 * @param contextValue `app.node.tryGetContext(contextKey)`
 */
export function referenceAppLayers(
  contextKey: string,
  contextValue: unknown,
  cdkJsonPath?: string,
): ConfigLayer[] {
  const project = cdkJsonPath ? readCdkJsonContext(cdkJsonPath, contextKey) : undefined;
  const layers: ConfigLayer[] = [{ source: `cdk.json context '${contextKey}'`, value: project }];
  if (contextValue !== undefined && !isDeepStrictEqual(contextValue, project)) {
    layers.push({
      source: project === undefined ? `context '${contextKey}'` : `-c ${contextKey}`,
      value: contextValue,
    });
  }
  return layers;
}

function readCdkJsonContext(file: string, contextKey: string): unknown {
  if (!fs.existsSync(file)) return undefined;
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { context?: Record<string, unknown> };
  return json.context?.[contextKey];
}
