/**
 * The parts of a synthesized CloudFormation template the template evidence pack reads. Templates are
 * the JSON CloudFormation receives, after every property override, `CfnInclude` and raw L1 resource.
 */

/** Any JSON value in a template. */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

/** One resource as written to the template. */
export interface CfnResourceJson {
  readonly Type: string;
  readonly Properties?: { readonly [key: string]: Json };
  readonly Condition?: string;
  readonly DeletionPolicy?: Json;
  readonly UpdateReplacePolicy?: Json;
  readonly DependsOn?: Json;
  readonly Metadata?: { readonly [key: string]: Json };
}

/** One parameter as written to the template. */
export interface CfnParameterJson {
  readonly Type: string;
  readonly Default?: Json;
}

/** One output as written to the template. */
export interface CfnOutputJson {
  readonly Value: Json;
  readonly Export?: { readonly Name: Json };
  readonly Condition?: string;
}

/** A CloudFormation template. */
export interface CfnTemplateJson {
  readonly Resources?: { readonly [logicalId: string]: CfnResourceJson };
  readonly Parameters?: { readonly [name: string]: CfnParameterJson };
  readonly Conditions?: { readonly [name: string]: Json };
  readonly Mappings?: {
    readonly [name: string]: { readonly [key: string]: { readonly [key: string]: Json } };
  };
  readonly Outputs?: { readonly [name: string]: CfnOutputJson };
}

/** A template and where it came from. */
export interface StackTemplate {
  /** The stack (artifact) name, e.g. `Hipaa-reference-DataProtection`. */
  readonly stackName: string;
  /** Path of the template file in the cloud assembly, or a label for in-memory fixtures. */
  readonly templatePath: string;
  readonly template: CfnTemplateJson;
}

/** The metadata key CDK writes with each resource's construct path. */
export const CDK_PATH_METADATA_KEY = 'aws:cdk:path';
