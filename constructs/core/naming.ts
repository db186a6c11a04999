import type { IConstruct } from 'constructs';

/**
 * A data-domain name derived from a construct id: `PatientRecords` becomes `patient-records`. Used when
 * a construct creates its own {@link PhiKey}, so two stores in one stack get distinct key aliases.
 */
export function dataDomainFromId(construct: IConstruct, prefix = ''): string {
  const kebab = construct.node.id
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .toLowerCase();
  const joined = `${prefix}${kebab}`.replace(/-+/g, '-').replace(/^-|-$/g, '');
  return (joined.slice(0, 50).replace(/-$/, '') || 'data').toString();
}
