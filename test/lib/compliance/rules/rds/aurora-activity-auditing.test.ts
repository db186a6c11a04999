import { effectivePgAuditClasses } from '../../../../../lib/compliance/rules/rds/aurora-activity-auditing';

describe('effectivePgAuditClasses', () => {
  test.each([
    ['read,write,ddl', ['ddl', 'read', 'write']],
    [' READ , Write ,ddl ', ['ddl', 'read', 'write']],
    ['all', ['ddl', 'function', 'misc', 'misc_set', 'read', 'role', 'write']],
    ['all, -read', ['ddl', 'function', 'misc', 'misc_set', 'role', 'write']],
    ['read,write,ddl,none', []],
    ['none,read', ['read']],
    ['', []],
  ])('%j logs %j, applied left to right as pgaudit does', (value, classes) => {
    expect([...effectivePgAuditClasses(value)].sort()).toEqual(classes);
  });
});
