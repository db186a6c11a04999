import type { CfnTemplateJson, Json, StackTemplate } from './cfn-template';

/** A reference (`Ref` or `Fn::GetAtt`) to a resource of a template in the assembly. */
export class ResourceRef {
  constructor(
    /** The stack whose template declares the resource. */
    public readonly stackName: string,
    public readonly logicalId: string,
    /** The attribute for `Fn::GetAtt`; absent for `Ref`. */
    public readonly attribute?: string,
  ) {}

  /** A readable form for messages, e.g. `Ref(PhiKey)` or `GetAtt(PhiKey.Arn)`. */
  public toString(): string {
    return this.attribute ? `GetAtt(${this.logicalId}.${this.attribute})` : `Ref(${this.logicalId})`;
  }
}

/**
 * A value that cannot be known from the templates alone (a parameter without a default, a pseudo
 * parameter, an import no template of the assembly exports, an unknown condition). Rules treat it as
 * unverified, never as passing.
 */
export class Unresolved {
  constructor(
    /** Why it cannot be resolved, e.g. `parameter KeyArn has no default`. */
    public readonly reason: string,
    /** The pseudo parameter it stands for (e.g. `AWS::Partition`), when it is one. */
    public readonly pseudoParameter?: string,
  ) {}

  public toString(): string {
    return `<unresolved: ${this.reason}>`;
  }
}

/** A string built by `Fn::Join` / `Fn::Sub` from parts not all of which are literal strings. */
export class Composite {
  constructor(public readonly parts: readonly (string | ResourceRef | Unresolved)[]) {}

  /** The first resource referenced, when the value starts with one (e.g. `GetAtt(Bucket.Arn)/*`). */
  public get leadingRef(): ResourceRef | undefined {
    const first = this.parts.find((p) => p !== '');
    return first instanceof ResourceRef ? first : undefined;
  }

  public toString(): string {
    return this.parts.map(String).join('');
  }
}

/** A template value with every resolvable intrinsic function replaced by what it evaluates to. */
export type Resolved =
  | string
  | number
  | boolean
  | null
  | ResourceRef
  | Unresolved
  | Composite
  | readonly Resolved[]
  | { readonly [key: string]: Resolved };

/** What a template exports under a name, for `Fn::ImportValue`. */
export type ExportLookup = (exportName: string) => Resolved | undefined;

/** The value of a named output of another stack of the assembly, for `Fn::GetStackOutput`. */
export type StackOutputLookup = (stackName: string, outputName: string) => Resolved | undefined;

/** Marks an `AWS::NoValue` while resolving; removed from objects and arrays. */
const NO_VALUE = Symbol('AWS::NoValue');
type Internal = Resolved | typeof NO_VALUE;

const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::Region',
  'AWS::Partition',
  'AWS::URLSuffix',
  'AWS::StackName',
  'AWS::StackId',
  'AWS::NotificationARNs',
]);

/**
 * Resolves intrinsic functions inside one template: `Ref` and `Fn::GetAtt` to the template's own
 * resources (as {@link ResourceRef}), parameters with defaults, `Fn::If` over the template's Conditions,
 * `Fn::Join`, `Fn::Sub`, `Fn::Select`, `Fn::Split`, `Fn::FindInMap`, `Fn::ImportValue` of exports of
 * other templates in the same assembly, and `Fn::GetStackOutput` of outputs of stacks of the assembly
 * (CDK's weak cross-stack references). Anything else becomes {@link Unresolved}.
 */
export class TemplateResolver {
  private readonly template: CfnTemplateJson;
  private readonly conditionCache = new Map<string, boolean | undefined>();

  constructor(
    private readonly stack: StackTemplate,
    private readonly lookupExport: ExportLookup = () => undefined,
    private readonly lookupOutput: StackOutputLookup = () => undefined,
  ) {
    this.template = stack.template;
  }

  /** Resolves `value`; `AWS::NoValue` at the top level yields `undefined`. */
  public resolve(value: Json | undefined): Resolved | undefined {
    if (value === undefined) return undefined;
    const result = this.walk(value);
    return result === NO_VALUE ? undefined : result;
  }

  /**
   * The value of the named condition: `true`/`false` when the template decides it, `undefined` when it
   * depends on something unresolvable (then a conditional resource is treated as deployed).
   */
  public condition(name: string): boolean | undefined {
    if (this.conditionCache.has(name)) return this.conditionCache.get(name);
    this.conditionCache.set(name, undefined); // guards against a cycle
    const expression = this.template.Conditions?.[name];
    const result = expression === undefined ? undefined : this.evaluateCondition(expression);
    this.conditionCache.set(name, result);
    return result;
  }

  private walk(value: Json): Internal {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return this.walkList(value);
    const object = value as { readonly [key: string]: Json };
    const keys = Object.keys(object);
    if (keys.length === 1) {
      const key = keys[0] as string;
      if (key === 'Ref' || key.startsWith('Fn::') || key === 'Condition') {
        return this.intrinsic(key, object[key] as Json);
      }
    }
    const out: Record<string, Resolved> = {};
    for (const key of keys) {
      const resolved = this.walk(object[key] as Json);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }

  private walkList(list: readonly Json[]): Resolved[] {
    const out: Resolved[] = [];
    for (const item of list) {
      const resolved = this.walk(item);
      if (resolved !== NO_VALUE) out.push(resolved);
    }
    return out;
  }

  private intrinsic(name: string, argument: Json): Internal {
    switch (name) {
      case 'Ref':
        return this.ref(argument);
      case 'Fn::GetAtt':
        return this.getAtt(argument);
      case 'Fn::If':
        return this.fnIf(argument);
      case 'Fn::Join':
        return this.join(argument);
      case 'Fn::Sub':
        return this.sub(argument);
      case 'Fn::Select':
        return this.select(argument);
      case 'Fn::Split':
        return this.split(argument);
      case 'Fn::FindInMap':
        return this.findInMap(argument);
      case 'Fn::ImportValue':
        return this.importValue(argument);
      case 'Fn::GetStackOutput':
        return this.stackOutput(argument);
      case 'Condition':
        return typeof argument === 'string' ? tristate(this.condition(argument), argument) : unknown(name);
      default:
        return unknown(name);
    }
  }

  private ref(target: Json): Internal {
    if (typeof target !== 'string') return unknown('Ref');
    if (target === 'AWS::NoValue') return NO_VALUE;
    if (PSEUDO_PARAMETERS.has(target)) return new Unresolved(`pseudo parameter ${target}`, target);
    const parameter = this.template.Parameters?.[target];
    if (parameter) {
      if (parameter.Default === undefined) return new Unresolved(`parameter ${target} has no default`);
      const value = this.walk(parameter.Default);
      return parameter.Type.startsWith('List<') || parameter.Type === 'CommaDelimitedList'
        ? typeof value === 'string'
          ? value.split(',').map((s) => s.trim())
          : value
        : value;
    }
    if (this.template.Resources?.[target]) return new ResourceRef(this.stack.stackName, target);
    return new Unresolved(`Ref to ${target}, which this template does not declare`);
  }

  private getAtt(argument: Json): Internal {
    const [id, attribute] =
      typeof argument === 'string'
        ? argument.split(/\.(.*)/s)
        : Array.isArray(argument)
          ? argument.map((a) => this.walk(a))
          : [];
    if (typeof id !== 'string' || typeof attribute !== 'string') return unknown('Fn::GetAtt');
    if (!this.template.Resources?.[id]) return new Unresolved(`GetAtt of ${id}, not in this template`);
    return new ResourceRef(this.stack.stackName, id, attribute);
  }

  private fnIf(argument: Json): Internal {
    if (!Array.isArray(argument) || argument.length !== 3 || typeof argument[0] !== 'string')
      return unknown('Fn::If');
    const decided = this.condition(argument[0]);
    if (decided === undefined) return new Unresolved(`condition ${argument[0]} cannot be decided`);
    return this.walk(argument[decided ? 1 : 2] as Json);
  }

  private join(argument: Json): Internal {
    if (!Array.isArray(argument) || argument.length !== 2) return unknown('Fn::Join');
    const separator = this.walk(argument[0] as Json);
    const list = this.walk(argument[1] as Json);
    if (typeof separator !== 'string' || !Array.isArray(list)) return unknown('Fn::Join');
    const parts: (string | ResourceRef | Unresolved)[] = [];
    (list as Resolved[]).forEach((item, index) => {
      if (index > 0) parts.push(separator);
      parts.push(...flatParts(item));
    });
    return composite(parts);
  }

  private sub(argument: Json): Internal {
    const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
    if (typeof text !== 'string' || typeof variables !== 'object' || variables === null)
      return unknown('Fn::Sub');
    const vars = variables as { readonly [key: string]: Json };
    const parts: (string | ResourceRef | Unresolved)[] = [];
    let last = 0;
    for (const match of text.matchAll(/\$\{([^}]*)\}/g)) {
      parts.push(text.slice(last, match.index));
      last = (match.index ?? 0) + match[0].length;
      const name = match[1] as string;
      if (name.startsWith('!')) {
        parts.push(`\${${name.slice(1)}}`);
        continue;
      }
      const value =
        name in vars
          ? this.walk(vars[name] as Json)
          : name.includes('.')
            ? this.getAtt(name)
            : this.ref(name);
      parts.push(...flatParts(value === NO_VALUE ? '' : value));
    }
    parts.push(text.slice(last));
    return composite(parts);
  }

  private select(argument: Json): Internal {
    if (!Array.isArray(argument) || argument.length !== 2) return unknown('Fn::Select');
    const index = Number(this.walk(argument[0] as Json));
    const list = this.walk(argument[1] as Json);
    if (!Array.isArray(list) || !Number.isInteger(index))
      return new Unresolved('Fn::Select of an unknown list');
    return (list as Resolved[])[index] ?? new Unresolved(`Fn::Select index ${index} out of range`);
  }

  private split(argument: Json): Internal {
    if (!Array.isArray(argument) || argument.length !== 2) return unknown('Fn::Split');
    const separator = this.walk(argument[0] as Json);
    const source = this.walk(argument[1] as Json);
    if (typeof separator !== 'string' || typeof source !== 'string')
      return new Unresolved('Fn::Split of an unresolved string');
    return source.split(separator);
  }

  private findInMap(argument: Json): Internal {
    if (!Array.isArray(argument) || argument.length < 3) return unknown('Fn::FindInMap');
    const [map, top, second] = argument.slice(0, 3).map((a) => this.walk(a as Json));
    if (typeof map !== 'string' || typeof top !== 'string' || typeof second !== 'string')
      return new Unresolved('Fn::FindInMap with unresolved keys');
    const value = this.template.Mappings?.[map]?.[top]?.[second];
    return value === undefined
      ? new Unresolved(`Fn::FindInMap ${map}.${top}.${second} missing`)
      : this.walk(value);
  }

  private importValue(argument: Json): Internal {
    const name = this.walk(argument);
    if (typeof name !== 'string') return new Unresolved('Fn::ImportValue of an unresolved name');
    return this.lookupExport(name) ?? new Unresolved(`import ${name} is not exported by this assembly`);
  }

  /**
   * `Fn::GetStackOutput` (CDK's weak cross-stack reference) of a stack whose template is in the assembly,
   * named by its stack name, in this Region (`Ref: AWS::Region` or absent) or a literal Region. A `RoleArn`
   * (another account) or a computed stack, output or Region is not resolved.
   */
  private stackOutput(argument: Json): Internal {
    if (argument === null || typeof argument !== 'object' || Array.isArray(argument))
      return unknown('Fn::GetStackOutput');
    const { StackName, OutputName, Region, RoleArn } = argument as { readonly [key: string]: Json };
    const region =
      Region !== null && typeof Region === 'object' && (Region as Record<string, Json>).Ref === 'AWS::Region'
        ? 'this Region'
        : Region;
    const stackName = this.walk(StackName as Json);
    const outputName = this.walk(OutputName as Json);
    if (
      RoleArn !== undefined ||
      (region !== undefined && typeof region !== 'string') ||
      typeof stackName !== 'string' ||
      typeof outputName !== 'string'
    )
      return new Unresolved('Fn::GetStackOutput of another account, or with computed names');
    return (
      this.lookupOutput(stackName, outputName) ??
      new Unresolved(`output ${outputName} of stack ${stackName} is not in this assembly`)
    );
  }

  private evaluateCondition(expression: Json): boolean | undefined {
    if (typeof expression === 'boolean') return expression;
    if (expression === null || typeof expression !== 'object' || Array.isArray(expression)) return undefined;
    const [name, argument] = Object.entries(expression)[0] ?? [];
    if (name === 'Condition' && typeof argument === 'string') return this.condition(argument);
    if (!Array.isArray(argument)) return undefined;
    if (name === 'Fn::Equals') {
      const [a, b] = argument.map((x) => this.walk(x as Json));
      if (!isPlain(a) || !isPlain(b)) return undefined;
      return JSON.stringify(a) === JSON.stringify(b);
    }
    const operands = argument.map((x) => this.evaluateCondition(x as Json));
    if (name === 'Fn::Not') return operands[0] === undefined ? undefined : !operands[0];
    if (name === 'Fn::And') {
      if (operands.includes(false)) return false;
      return operands.includes(undefined) ? undefined : true;
    }
    if (name === 'Fn::Or') {
      if (operands.includes(true)) return true;
      return operands.includes(undefined) ? undefined : false;
    }
    return undefined;
  }
}

function unknown(fn: string): Unresolved {
  return new Unresolved(`${fn} cannot be evaluated from the template`);
}

function tristate(value: boolean | undefined, name: string): Internal {
  return value === undefined ? new Unresolved(`condition ${name} cannot be decided`) : value;
}

function flatParts(value: Internal): (string | ResourceRef | Unresolved)[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (value instanceof ResourceRef || value instanceof Unresolved) return [value];
  if (value instanceof Composite) return [...value.parts];
  return [new Unresolved('a non-string value inside a string')];
}

function composite(parts: (string | ResourceRef | Unresolved)[]): string | Composite {
  const merged: (string | ResourceRef | Unresolved)[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (typeof part === 'string' && typeof last === 'string') merged[merged.length - 1] = last + part;
    else if (part !== '') merged.push(part);
  }
  if (merged.length === 0) return '';
  return merged.length === 1 && typeof merged[0] === 'string' ? merged[0] : new Composite(merged);
}

/** True when `value` holds no reference, composite or unresolved part (plain JSON). */
export function isPlain(value: Resolved | typeof NO_VALUE | undefined): boolean {
  if (value === undefined || value === NO_VALUE) return false;
  if (value instanceof ResourceRef || value instanceof Unresolved || value instanceof Composite) return false;
  if (Array.isArray(value)) return value.every(isPlain);
  if (value !== null && typeof value === 'object') return Object.values(value).every(isPlain);
  return true;
}
