import { Citation } from '../../../../constructs/core/citations';
import { PGAUDIT_REQUIRED_CLASSES, type PgAuditClass } from '../../../../constructs/storage/phi-database';
import type { Resolved } from '../../template/resolve';
import {
  asNumber,
  containsSpecial,
  fail,
  type Problem,
  type ResourceView,
  type TemplateRule,
  unverified,
} from '../../template/rule';
import type { TemplateResource, TemplateSet } from '../../template/template-set';
import { SIX_YEARS_IN_DAYS } from '../logs/log-group-retention';

/** Engines whose activity pgaudit records (Aurora PostgreSQL and RDS Multi-AZ PostgreSQL clusters). */
const POSTGRES_ENGINES = ['aurora-postgresql', 'postgres'];

/** Every class `all` stands for (pgaudit 1.x onwards). */
const ALL_CLASSES: readonly PgAuditClass[] = ['read', 'write', 'function', 'role', 'ddl', 'misc', 'misc_set'];

/** PostgreSQL's spellings of a boolean `on`. */
const ON = new Set(['1', 'on', 'true', 'yes']);

const PARAMETER_GROUP = 'DBClusterParameterGroupName';

/**
 * The classes a `pgaudit.log` value logs, applied left to right as pgaudit does: `all` adds every class,
 * `-x` removes one, `none` clears the list.
 */
export function effectivePgAuditClasses(value: string): Set<string> {
  const classes = new Set<string>();
  for (const raw of value.split(',')) {
    const item = raw.trim().toLowerCase();
    if (item === '') continue;
    if (item === 'none') {
      classes.clear();
      continue;
    }
    const remove = item.startsWith('-');
    const name = remove ? item.slice(1).trim() : item;
    for (const n of name === 'all' ? ALL_CLASSES : [name]) {
      if (remove) classes.delete(n);
      else classes.add(n);
    }
  }
  return classes;
}

/** The pgaudit and connection-logging settings of the cluster's parameter group. */
function parameterProblems(view: ResourceView, group: TemplateResource): Problem[] {
  const parameters = group.properties.Parameters;
  if (parameters !== undefined && containsSpecial(parameters))
    return [unverified(PARAMETER_GROUP, parameters, `a parameter group whose Parameters load pgaudit`)];
  const read = (name: string): Resolved | undefined =>
    parameters !== null && typeof parameters === 'object' && !Array.isArray(parameters)
      ? (parameters as Record<string, Resolved>)[name]
      : undefined;
  const text = (value: Resolved | undefined) => (value === undefined || value === null ? '' : String(value));
  const libraries = read('shared_preload_libraries');
  const log = read('pgaudit.log');
  view.note(`${group.label}.shared_preload_libraries`, libraries ?? null);
  view.note(`${group.label}.pgaudit.log`, log ?? null);
  const problems: Problem[] = [];
  const preloaded = text(libraries)
    .split(',')
    .map((l) => l.trim().toLowerCase());
  if (!preloaded.includes('pgaudit'))
    problems.push(
      fail(
        PARAMETER_GROUP,
        `${group.label} must preload pgaudit (shared_preload_libraries), got ${JSON.stringify(libraries ?? null)}`,
      ),
    );
  const missing = PGAUDIT_REQUIRED_CLASSES.filter((c) => !effectivePgAuditClasses(text(log)).has(c));
  if (missing.length > 0)
    problems.push(
      fail(
        PARAMETER_GROUP,
        `${group.label} pgaudit.log must log ${PGAUDIT_REQUIRED_CLASSES.join(', ')}; ${missing.join(', ')} not logged by ${JSON.stringify(log ?? null)}`,
      ),
    );
  for (const name of ['log_connections', 'log_disconnections']) {
    const value = read(name);
    view.note(`${group.label}.${name}`, value ?? null);
    if (!ON.has(text(value).toLowerCase()))
      problems.push(
        fail(PARAMETER_GROUP, `${group.label} ${name} must be 1, got ${JSON.stringify(value ?? null)}`),
      );
  }
  return problems;
}

/** The exported log group must exist in the templates, encrypted and kept six years. */
function logGroupProblems(view: ResourceView, set: TemplateSet): Problem[] {
  const identifier = view.get('DBClusterIdentifier');
  if (identifier === undefined)
    return [
      fail(
        'DBClusterIdentifier',
        'DBClusterIdentifier must be set so the export log group /aws/rds/cluster/<id>/postgresql can be created encrypted and kept six years; without it RDS creates the group itself, unencrypted and never expiring',
      ),
    ];
  if (containsSpecial(identifier))
    return [
      unverified('DBClusterIdentifier', identifier, 'a literal identifier naming the export log group'),
    ];
  const name = `/aws/rds/cluster/${String(identifier).toLowerCase()}/postgresql`;
  const groups = set.ofType('AWS::Logs::LogGroup').filter((g) => g.properties.LogGroupName === name);
  view.note(
    'postgresqlLogGroup',
    groups.map((g) => g.label),
  );
  if (groups.length === 0)
    return [
      fail(
        'DBClusterIdentifier',
        `no AWS::Logs::LogGroup named ${name} is in the templates: RDS would create it unencrypted and never expiring`,
      ),
    ];
  return groups.flatMap((g) => {
    const days = g.properties.RetentionInDays;
    const problems: Problem[] = [];
    if (g.properties.KmsKeyId === undefined)
      problems.push(
        fail('DBClusterIdentifier', `${g.label} (${name}) must be encrypted with a KMS key (KmsKeyId)`),
      );
    if (days !== undefined && !((asNumber(days) ?? 0) >= SIX_YEARS_IN_DAYS))
      problems.push(
        fail(
          'DBClusterIdentifier',
          `${g.label} (${name}) must keep records ${SIX_YEARS_IN_DAYS} days or more, got ${JSON.stringify(days)}`,
        ),
      );
    return problems;
  });
}

/**
 * Every PostgreSQL DB cluster records database activity: pgaudit preloaded by its cluster parameter
 * group with `pgaudit.log` covering `read`, `write` and `ddl`, connections and disconnections logged, the
 * `postgresql` log exported to CloudWatch Logs, into a log group of the templates that is encrypted and
 * kept six years. A cluster of another engine is reported unverified: only pgaudit is evaluated.
 */
export const RdsAuroraActivityAuditing: TemplateRule = {
  id: 'RdsAuroraActivityAuditing',
  citations: [Citation.AUDIT_CONTROLS, Citation.ACTIVITY_REVIEW],
  severity: 'error',
  resourceTypes: ['AWS::RDS::DBCluster'],
  rationale:
    'CloudTrail does not see SQL: without pgaudit, a SELECT of patient rows, an UPDATE of a record or a DROP TABLE leaves no audit record of who did it and when.',
  fix: 'Use PhiDatabase (or give the cluster a DBClusterParameterGroup with shared_preload_libraries including pgaudit, pgaudit.log including read, write and ddl, log_connections and log_disconnections 1, EnableCloudwatchLogsExports [postgresql], a DBClusterIdentifier, and an AuditLogGroup named /aws/rds/cluster/<id>/postgresql).',
  check: (view, set) => {
    const engine = view.get('Engine');
    if (engine === undefined || containsSpecial(engine) || !POSTGRES_ENGINES.includes(String(engine)))
      return [
        {
          path: 'Properties.Engine',
          message: `only PostgreSQL activity auditing (pgaudit) is evaluated; engine ${JSON.stringify(engine ?? null)} needs its own audit log, attested or acknowledged`,
          unverified: true,
        },
      ];
    const problems: Problem[] = [];
    const exports = view.get('EnableCloudwatchLogsExports');
    if (exports !== undefined && containsSpecial(exports))
      problems.push(unverified('EnableCloudwatchLogsExports', exports, 'a list including postgresql'));
    else if (!Array.isArray(exports) || !exports.includes('postgresql'))
      problems.push(
        fail(
          'EnableCloudwatchLogsExports',
          `EnableCloudwatchLogsExports must include postgresql, got ${JSON.stringify(exports ?? null)}`,
        ),
      );
    const reference = view.get(PARAMETER_GROUP);
    const group = set.target(reference);
    if (reference === undefined)
      problems.push(
        fail(PARAMETER_GROUP, `${PARAMETER_GROUP} must be set: the default parameter group loads no pgaudit`),
      );
    else if (group?.type === 'AWS::RDS::DBClusterParameterGroup')
      problems.push(...parameterProblems(view, group));
    else
      problems.push(
        unverified(
          PARAMETER_GROUP,
          reference,
          'a DBClusterParameterGroup of the templates, whose pgaudit settings can be read',
        ),
      );
    problems.push(...logGroupProblems(view, set));
    return problems;
  },
};
