import { CDK_PATH_METADATA_KEY, type CfnResourceJson, type StackTemplate } from './cfn-template';
import { Composite, type Resolved, ResourceRef, TemplateResolver, Unresolved } from './resolve';

/** The tag that marks PHI resources (the same key and value the PHI tagging aspect writes). */
const PHI_TAG = { key: 'DataClassification', value: 'PHI' } as const;

/** One resource of the assembly, with its properties resolved on first use. */
export class TemplateResource {
  private resolvedProperties?: { readonly [key: string]: Resolved };

  constructor(
    public readonly stack: StackTemplate,
    public readonly logicalId: string,
    public readonly json: CfnResourceJson,
    private readonly resolver: TemplateResolver,
    /** Construct paths by logical id from the construct tree, for resources without path metadata. */
    fallbackPath: string | undefined,
  ) {
    const metadataPath = json.Metadata?.[CDK_PATH_METADATA_KEY];
    this.constructPath = typeof metadataPath === 'string' ? metadataPath : (fallbackPath ?? '');
  }

  /** The construct path (from the `aws:cdk:path` metadata), or '' when unknown. */
  public readonly constructPath: string;

  /** The CloudFormation type, e.g. `AWS::S3::Bucket`. */
  public get type(): string {
    return this.json.Type;
  }

  /** The stack name. */
  public get stackName(): string {
    return this.stack.stackName;
  }

  /** Properties with intrinsic functions resolved. */
  public get properties(): { readonly [key: string]: Resolved } {
    if (!this.resolvedProperties) {
      const resolved = this.resolver.resolve(this.json.Properties ?? {});
      this.resolvedProperties =
        resolved && typeof resolved === 'object' && !Array.isArray(resolved) && !isSpecial(resolved)
          ? (resolved as { readonly [key: string]: Resolved })
          : {};
    }
    return this.resolvedProperties;
  }

  /** The resolved `DeletionPolicy` (CloudFormation's default, `Delete`, when absent). */
  public get deletionPolicy(): Resolved {
    return this.resolver.resolve(this.json.DeletionPolicy) ?? 'Delete';
  }

  /** The resolved `UpdateReplacePolicy` (`Delete` when absent). */
  public get updateReplacePolicy(): Resolved {
    return this.resolver.resolve(this.json.UpdateReplacePolicy) ?? 'Delete';
  }

  /** True when the resource's Condition is decided false: CloudFormation will not create it. */
  public get excludedByCondition(): boolean {
    return this.json.Condition !== undefined && this.resolver.condition(this.json.Condition) === false;
  }

  /** The value of a tag (list or map form), or undefined. */
  public tag(key: string): Resolved | undefined {
    const tags = this.properties.Tags;
    if (Array.isArray(tags)) {
      const entry = (tags as Resolved[]).find(
        (t) => t !== null && typeof t === 'object' && (t as Record<string, Resolved>).Key === key,
      ) as Record<string, Resolved> | undefined;
      return entry?.Value;
    }
    if (tags && typeof tags === 'object' && !isSpecial(tags)) return (tags as Record<string, Resolved>)[key];
    return undefined;
  }

  /** True when the resource is tagged `DataClassification=PHI`. */
  public get isPhi(): boolean {
    return this.tag(PHI_TAG.key) === PHI_TAG.value;
  }

  /** A short label for messages: `Stack/LogicalId (construct path)`. */
  public get label(): string {
    return `${this.stackName}/${this.logicalId}${this.constructPath ? ` (${this.constructPath})` : ''}`;
  }
}

/** True for the resolver's marker objects. */
export function isSpecial(value: unknown): value is ResourceRef | Unresolved | Composite {
  return value instanceof ResourceRef || value instanceof Unresolved || value instanceof Composite;
}

/**
 * Every template of a cloud assembly, indexed for the rules: resources by type, exports for
 * `Fn::ImportValue`, and which resources refer to which.
 */
export class TemplateSet {
  private readonly all: TemplateResource[] = [];
  private readonly byType = new Map<string, TemplateResource[]>();
  private readonly byKey = new Map<string, TemplateResource>();
  private readonly exports = new Map<string, { stack: StackTemplate; value: unknown }>();
  private readonly stacks = new Map<string, StackTemplate>();
  private readonly resolvers = new Map<string, TemplateResolver>();
  private readonly referrerIndex = new Map<string, Map<string, TemplateResource[]>>();

  /**
   * @param templates the assembly's templates
   * @param constructPaths construct paths by `stackName/logicalId`, used when a resource has no
   *   `aws:cdk:path` metadata (e.g. path metadata turned off)
   */
  constructor(
    public readonly templates: readonly StackTemplate[],
    constructPaths: ReadonlyMap<string, string> = new Map(),
  ) {
    for (const stack of templates) {
      this.stacks.set(stack.stackName, stack);
      for (const output of Object.values(stack.template.Outputs ?? {})) {
        const name = output.Export?.Name;
        if (typeof name === 'string') this.exports.set(name, { stack, value: output.Value });
      }
    }
    for (const stack of templates) {
      const resolver = new TemplateResolver(
        stack,
        (name) => this.importExport(name),
        (stackName, outputName) => this.stackOutput(stackName, outputName),
      );
      this.resolvers.set(stack.stackName, resolver);
      for (const [logicalId, json] of Object.entries(stack.template.Resources ?? {})) {
        const key = `${stack.stackName}/${logicalId}`;
        const resource = new TemplateResource(stack, logicalId, json, resolver, constructPaths.get(key));
        if (resource.excludedByCondition) continue;
        this.all.push(resource);
        this.byKey.set(key, resource);
        const list = this.byType.get(json.Type) ?? [];
        list.push(resource);
        this.byType.set(json.Type, list);
      }
    }
  }

  /** Every resource CloudFormation will create (resources whose Condition is false are left out). */
  public get resources(): readonly TemplateResource[] {
    return this.all;
  }

  /** Resources of one CloudFormation type, across all templates. */
  public ofType(type: string): readonly TemplateResource[] {
    return this.byType.get(type) ?? [];
  }

  /** The resource a reference points at, when it is in the assembly. */
  public target(value: Resolved | undefined): TemplateResource | undefined {
    const ref = refOf(value);
    return ref ? this.byKey.get(`${ref.stackName}/${ref.logicalId}`) : undefined;
  }

  /**
   * Resources of `type` whose property at `path` (dot-separated, `[]` for each list item) refers to
   * `target` by `Ref`, `Fn::GetAtt` or a string built from one.
   */
  public referrers(target: TemplateResource, type: string, path: string): readonly TemplateResource[] {
    const indexKey = `${type}\u0000${path}`;
    let index = this.referrerIndex.get(indexKey);
    if (!index) {
      index = new Map();
      for (const resource of this.ofType(type)) {
        for (const value of valuesAt(resource.properties, path)) {
          const ref = refOf(value);
          if (!ref) continue;
          const key = `${ref.stackName}/${ref.logicalId}`;
          const list = index.get(key);
          // Resources are visited one at a time, so a repeat of this one can only be the last entry.
          if (!list) index.set(key, [resource]);
          else if (list[list.length - 1] !== resource) list.push(resource);
        }
      }
      this.referrerIndex.set(indexKey, index);
    }
    return index.get(`${target.stackName}/${target.logicalId}`) ?? [];
  }

  private stackOutput(stackName: string, outputName: string): Resolved | undefined {
    const output = this.stacks.get(stackName)?.template.Outputs?.[outputName];
    if (!output) return undefined;
    return this.resolvers.get(stackName)?.resolve(output.Value as never);
  }

  private importExport(name: string): Resolved | undefined {
    const exported = this.exports.get(name);
    if (!exported) return undefined;
    const resolver = this.resolvers.get(exported.stack.stackName);
    return resolver?.resolve(exported.value as never);
  }
}

/** The resource a value refers to: a `Ref`/`GetAtt`, or a string that starts with one (`${Bucket.Arn}/*`). */
export function refOf(value: Resolved | undefined): ResourceRef | undefined {
  if (value instanceof ResourceRef) return value;
  if (value instanceof Composite) return value.leadingRef;
  return undefined;
}

/** The values at `path` under `root`: dot-separated keys, `[]` expands each item of a list. */
export function valuesAt(root: Resolved | undefined, path: string): Resolved[] {
  let current: (Resolved | undefined)[] = [root];
  for (const segment of path.split('.')) {
    const next: (Resolved | undefined)[] = [];
    const expand = segment.endsWith('[]');
    const key = expand ? segment.slice(0, -2) : segment;
    for (const value of current) {
      const child =
        key === ''
          ? value
          : value !== null && typeof value === 'object' && !Array.isArray(value) && !isSpecial(value)
            ? (value as Record<string, Resolved>)[key]
            : undefined;
      if (expand) {
        if (Array.isArray(child)) next.push(...(child as Resolved[]));
      } else next.push(child);
    }
    current = next;
  }
  return current.filter((v): v is Resolved => v !== undefined);
}
