import { Token } from 'aws-cdk-lib';
import { Citation } from '../../core/citations';
import type { PropsCheck } from '../../core/validation';

/**
 * A pgaudit session audit class (`pgaudit.log`): `read` (SELECT, COPY from), `write` (INSERT, UPDATE,
 * DELETE, TRUNCATE, COPY to), `function` (function calls and DO blocks), `role` (GRANT, REVOKE, CREATE /
 * ALTER / DROP ROLE), `ddl` (every other DDL), `misc` (DISCARD, FETCH, CHECKPOINT, VACUUM, SET),
 * `misc_set` (SET), or `all`.
 *
 * @see https://github.com/pgaudit/pgaudit#pgauditlog
 */
export type PgAuditClass = 'read' | 'write' | 'function' | 'role' | 'ddl' | 'misc' | 'misc_set' | 'all';

/** Every class `pgaudit.log` accepts (exclusions with `-` are not offered: the floor can only be added to). */
export const PGAUDIT_CLASSES: readonly PgAuditClass[] = [
  'read',
  'write',
  'function',
  'role',
  'ddl',
  'misc',
  'misc_set',
  'all',
];

/** The classes every PHI database logs at least: who read, changed or restructured ePHI (164.312(b)). */
export const PGAUDIT_REQUIRED_CLASSES: readonly PgAuditClass[] = ['read', 'write', 'ddl'];

/** The classes logged unless more are asked for: the floor plus privilege changes (`role`). */
export const PGAUDIT_DEFAULT_CLASSES: readonly PgAuditClass[] = ['read', 'write', 'ddl', 'role'];

/**
 * Libraries preloaded by the cluster: pgaudit, and `pg_stat_statements`, which Aurora PostgreSQL preloads
 * by default and Performance Insights reads statement statistics from.
 */
export const PGAUDIT_PRELOAD_LIBRARIES = 'pg_stat_statements,pgaudit';

/**
 * The cluster parameters that turn on session auditing, beside the connection logging set elsewhere.
 *
 * - `pgaudit.log_parameter` is off: bind parameters of a statement are the values a query compares
 *   against or writes (a patient's name, a diagnosis). Logging them would copy ePHI into a second
 *   store, against the minimum necessary standard (164.502(b)); the statement, the user, the objects
 *   and the time are what the audit record needs.
 * - `pgaudit.log_relation` is on: a statement touching several tables logs one entry per table, so a
 *   reviewer sees every PHI table a query read, not only the first.
 * - `pgaudit.log_catalog` keeps its default (on): reads of the system catalog are logged too.
 */
export function pgAuditParameters(classes: readonly PgAuditClass[]): Record<string, string> {
  return {
    shared_preload_libraries: PGAUDIT_PRELOAD_LIBRARIES,
    'pgaudit.log': classes.join(','),
    'pgaudit.log_parameter': '0',
    'pgaudit.log_relation': '1',
  };
}

/**
 * Requires `classes` (when given) to be known, literal pgaudit classes that include `read`, `write` and
 * `ddl` (or `all`). A list that would log less is refused, not warned about.
 */
export function validateAuditLogClasses(check: PropsCheck, classes: readonly string[] | undefined): void {
  if (classes === undefined) return;
  const list = Array.isArray(classes) ? classes : [];
  const known = list.every(
    (c) => typeof c === 'string' && !Token.isUnresolved(c) && PGAUDIT_CLASSES.includes(c as PgAuditClass),
  );
  const covered =
    list.includes('all') || PGAUDIT_REQUIRED_CLASSES.every((required) => list.includes(required));
  check.require(Array.isArray(classes) && known && covered && new Set(list).size === list.length, {
    prop: 'auditLogClasses',
    received: classes,
    allowed: `a list of distinct pgaudit classes (${PGAUDIT_CLASSES.join(', ')}) that includes ${PGAUDIT_REQUIRED_CLASSES.join(', ')} (or all)`,
    citation: Citation.AUDIT_CONTROLS,
  });
}
