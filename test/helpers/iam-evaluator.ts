/**
 * A small offline evaluator of identity-based IAM policies, for tests that check what a policy MEANS
 * rather than what it says. It follows the IAM evaluation logic for one account: an explicit Deny wins,
 * then an Allow, else the request is implicitly denied; with a permissions boundary, a request is
 * allowed only when both the identity policies and the boundary allow it.
 *
 * Supported: Action / NotAction and Resource / NotResource with `*` and `?` wildcards; policy variables
 * `${key}` from the context in resources and condition values; condition operators Bool, StringEquals,
 * StringNotEquals, StringLike, StringNotLike, ArnLike, ArnEquals, ArnNotLike, ArnNotEquals, NumericLessThan,
 * NumericGreaterThan, each with its `IfExists` variant, and Null. Not supported (and rejected): other operators, `ForAllValues:` /
 * `ForAnyValue:` set operators, `NotPrincipal`, and CloudFormation intrinsics left in the statements —
 * flatten them first with {@link flattenIntrinsics}. Resource-based policies (key policies) are evaluated
 * for one principal with {@link evaluateResourcePolicy}; identity statements must not carry `Principal`.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */

/** The outcome of evaluating a request. */
export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** A statement of an identity-based policy, as JSON. */
export interface Statement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny' | string;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** A context value: a string, number or boolean, or several of them (any one may match). */
export type ContextValue = string | number | boolean | readonly (string | number | boolean)[];

/** One API request. */
export interface Request {
  /** The action, e.g. `s3:GetObject`. */
  readonly action: string;
  /** The resource ARN, e.g. `arn:aws:s3:::docs/report.pdf`. */
  readonly resource: string;
  /** Request context keys, e.g. `{ 'aws:MultiFactorAuthPresent': 'true' }`. Absent keys are absent. */
  readonly context?: Readonly<Record<string, ContextValue | undefined>>;
}

type Context = Readonly<Record<string, ContextValue | undefined>>;

const list = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];

function asStrings(value: unknown, field: string): string[] {
  return list(value).map((v) => {
    if (typeof v !== 'string') {
      throw new Error(
        `${field} must hold strings; flatten CloudFormation intrinsics first, got ${JSON.stringify(v)}`,
      );
    }
    return v;
  });
}

/** Replaces `${key}` policy variables with context values; `undefined` when a variable is absent. */
function substitute(text: string, context: Context): string | undefined {
  let missing = false;
  const out = text.replace(/\$\{([^}]+)\}/g, (_, key: string) => {
    const value = context[key];
    if (value === undefined || Array.isArray(value)) {
      missing = true;
      return '';
    }
    return String(value);
  });
  return missing ? undefined : out;
}

/** IAM wildcard match: `*` any run of characters, `?` one character. */
export function wildcardMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, caseInsensitive ? 'is' : 's').test(value);
}

/** ArnLike / ArnEquals: each of the six colon-separated parts is matched on its own. */
function arnMatch(pattern: string, value: string): boolean {
  const split = (arn: string) => {
    const parts = arn.split(':');
    return [...parts.slice(0, 5), parts.slice(5).join(':')];
  };
  const p = split(pattern);
  const v = split(value);
  if (p.length !== 6 || v.length !== 6 || value.split(':').length < 6) return false;
  return p.every((part, i) => wildcardMatch(part, v[i] as string));
}

type Comparator = (contextValue: string, policyValue: string) => boolean;

const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
const POSITIVE: Readonly<Record<string, Comparator>> = {
  Bool: (c, p) => c.toLowerCase() === p.toLowerCase(),
  StringEquals: (c, p) => c === p,
  StringLike: (c, p) => wildcardMatch(p, c),
  ArnLike: (c, p) => arnMatch(p, c),
  ArnEquals: (c, p) => arnMatch(p, c),
  NumericLessThan: (c, p) => number(c) < number(p),
  NumericGreaterThan: (c, p) => number(c) > number(p),
};
const NEGATED: Readonly<Record<string, string>> = {
  StringNotEquals: 'StringEquals',
  StringNotLike: 'StringLike',
  ArnNotLike: 'ArnLike',
  ArnNotEquals: 'ArnEquals',
};

/** True when one condition operator block is satisfied by the context. */
function operatorHolds(operator: string, block: Record<string, unknown>, context: Context): boolean {
  if (operator.startsWith('ForAllValues:') || operator.startsWith('ForAnyValue:')) {
    throw new Error(`Unsupported condition set operator ${operator}`);
  }
  if (operator === 'Null') {
    // Null: "true" holds when the key is absent, "false" when it is present.
    return Object.entries(block).every(([key, wanted]) => {
      const absent = context[key] === undefined;
      return list(wanted).some((w) => String(w).toLowerCase() === String(absent));
    });
  }
  const ifExists = operator.endsWith('IfExists');
  const base = ifExists ? operator.slice(0, -'IfExists'.length) : operator;
  const negatedOf = NEGATED[base];
  const compare = POSITIVE[negatedOf ?? base];
  if (!compare) throw new Error(`Unsupported condition operator ${operator}`);
  return Object.entries(block).every(([key, policyValues]) => {
    const present = context[key];
    if (present === undefined) return ifExists || negatedOf !== undefined;
    const values = list(present).map(String);
    const wanted = asStrings(
      list(policyValues).map((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v)),
      `Condition ${operator} ${key}`,
    )
      .map((v) => substitute(v, context))
      .filter((v): v is string => v !== undefined);
    const anyMatch = values.some((c) => wanted.some((p) => compare(c, p)));
    return negatedOf ? !anyMatch : anyMatch;
  });
}

/** True when the statement applies to the request (action, resource and every condition match). */
export function statementApplies(statement: Statement, request: Request): boolean {
  const context = request.context ?? {};
  const actionMatches = (patterns: unknown, field: string) =>
    asStrings(patterns, field).some((p) => wildcardMatch(p, request.action, true));
  const resourceMatches = (patterns: unknown, field: string) =>
    asStrings(patterns, field).some((p) => {
      const pattern = substitute(p, context);
      return pattern !== undefined && wildcardMatch(pattern, request.resource);
    });

  if (statement.Action !== undefined && statement.NotAction !== undefined) {
    throw new Error(`Statement ${statement.Sid ?? ''} has both Action and NotAction`);
  }
  const actionOk =
    statement.NotAction !== undefined
      ? !actionMatches(statement.NotAction, 'NotAction')
      : actionMatches(statement.Action, 'Action');
  if (statement.Resource === undefined && statement.NotResource === undefined) {
    throw new Error(
      `Statement ${statement.Sid ?? ''} of an identity-based policy needs Resource or NotResource`,
    );
  }
  const resourceOk =
    statement.NotResource !== undefined
      ? !resourceMatches(statement.NotResource, 'NotResource')
      : resourceMatches(statement.Resource, 'Resource');
  return (
    actionOk &&
    resourceOk &&
    Object.entries(statement.Condition ?? {}).every(([op, block]) => operatorHolds(op, block, context))
  );
}

/** Evaluates identity-based statements: explicit Deny, else Allow, else implicit deny. */
export function evaluate(statements: readonly Statement[], request: Request): Decision {
  const applicable = statements.filter((s) => statementApplies(s, request));
  if (applicable.some((s) => s.Effect === 'Deny')) return 'ExplicitDeny';
  if (applicable.some((s) => s.Effect === 'Allow')) return 'Allow';
  return 'ImplicitDeny';
}

/**
 * Evaluates identity-based statements under a permissions boundary: any explicit Deny in either wins;
 * the request is allowed only when both allow it.
 */
export function evaluateWithBoundary(
  identity: readonly Statement[],
  boundary: readonly Statement[],
  request: Request,
): Decision {
  const byIdentity = evaluate(identity, request);
  const byBoundary = evaluate(boundary, request);
  if (byIdentity === 'ExplicitDeny' || byBoundary === 'ExplicitDeny') return 'ExplicitDeny';
  return byIdentity === 'Allow' && byBoundary === 'Allow' ? 'Allow' : 'ImplicitDeny';
}

/** A request to a resource with a resource-based policy (a KMS key policy), made by `principal`. */
export interface ResourceRequest extends Request {
  /** The caller: an IAM ARN such as `arn:aws:iam::111122223333:role/App`, or a service principal. */
  readonly principal: string;
}

/** A statement of a resource-based policy: an identity statement with a `Principal`. */
export interface ResourceStatement extends Statement {
  readonly Principal?: '*' | Readonly<Record<string, string | readonly string[]>>;
  readonly NotPrincipal?: unknown;
}

const accountOf = (arn: string) => /^arn:[^:]+:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1];

/**
 * True when `statement` names `principal`. The account (`arn:…:iam::<account>:root` or the bare id)
 * matches every IAM principal of that account: in a key policy it delegates the decision to the
 * account's IAM policies, which this check treats as "may be allowed".
 */
export function principalMatches(statement: ResourceStatement, principal: string): boolean {
  if (statement.NotPrincipal !== undefined) throw new Error('NotPrincipal is not supported');
  const named = statement.Principal;
  if (named === undefined)
    throw new Error(`Statement ${statement.Sid ?? ''} of a resource policy needs Principal`);
  if (named === '*') return true;
  return Object.values(named).some((value) =>
    asStrings(value, 'Principal').some((p) => {
      if (p === '*' || p === principal) return true;
      const root = /^(?:arn:[^:]+:iam::)?(\d{12})(?::root)?$/.exec(p);
      return root !== null && accountOf(principal) === root[1];
    }),
  );
}

/** Evaluates a resource-based policy for `request.principal`: explicit Deny, else Allow, else implicit deny. */
export function evaluateResourcePolicy(
  statements: readonly ResourceStatement[],
  request: ResourceRequest,
): Decision {
  const applicable = statements.filter((s) => {
    const { Principal: _p, NotPrincipal: _n, ...identity } = s;
    return principalMatches(s, request.principal) && statementApplies(identity, request);
  });
  if (applicable.some((s) => s.Effect === 'Deny')) return 'ExplicitDeny';
  if (applicable.some((s) => s.Effect === 'Allow')) return 'Allow';
  return 'ImplicitDeny';
}

/** Values for the pseudo parameters and references {@link flattenIntrinsics} substitutes. */
export interface IntrinsicValues {
  /** @default 'aws' */
  readonly partition?: string;
  /** @default '111122223333' */
  readonly account?: string;
  /** @default 'us-east-1' */
  readonly region?: string;
  /**
   * Values of `Ref` / `Fn::GetAtt` by `LogicalId` or `LogicalId.Attribute`.
   *
   * @default - `Ref` becomes `<LogicalId>` and `Fn::GetAtt` becomes `<LogicalId.Attribute>`
   */
  readonly refs?: Readonly<Record<string, string>>;
}

/**
 * Replaces the CloudFormation intrinsics found in synthesized policies (`Ref`, `Fn::GetAtt`,
 * `Fn::Join`) with strings, so the statements can be evaluated.
 */
export function flattenIntrinsics<T>(value: T, values: IntrinsicValues = {}): T {
  const pseudo: Record<string, string> = {
    'AWS::Partition': values.partition ?? 'aws',
    'AWS::AccountId': values.account ?? '111122223333',
    'AWS::Region': values.region ?? 'us-east-1',
    'AWS::URLSuffix': 'amazonaws.com',
  };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 1 && keys[0] === 'Ref') {
      const id = obj.Ref as string;
      return pseudo[id] ?? values.refs?.[id] ?? `<${id}>`;
    }
    if (keys.length === 1 && keys[0] === 'Fn::GetAtt') {
      const [id, attr] = obj['Fn::GetAtt'] as [string, string];
      return values.refs?.[`${id}.${attr}`] ?? `<${id}.${attr}>`;
    }
    if (keys.length === 1 && keys[0] === 'Fn::Join') {
      const [sep, parts] = obj['Fn::Join'] as [string, unknown[]];
      return parts.map((p) => String(walk(p))).join(sep);
    }
    return Object.fromEntries(Object.entries(obj).map(([k, inner]) => [k, walk(inner)]));
  };
  return walk(value) as T;
}
