import reference from './data/hipaa-eligible-services.json';

/** One service on AWS's HIPAA Eligible Services Reference. */
export interface HipaaEligibleService {
  /** The service name as the reference page writes it. */
  readonly name: string;
  /** The IAM service prefixes of its APIs, e.g. `ssm`, `ssmmessages`, `ec2messages`. */
  readonly iamNamespaces: readonly string[];
  /** The CloudFormation namespaces (`AWS::<Service>`) of its resource types; empty when it has none. */
  readonly cloudFormationNamespaces: readonly string[];
}

/** The vendored, dated copy of AWS's HIPAA Eligible Services Reference. */
export interface HipaaEligibleServicesReference {
  /** The page the copy was taken from. */
  readonly source: string;
  /** When the copy was last compared with the page (ISO date, `YYYY-MM-DD`). */
  readonly retrieved: string;
  /** How the copy was made and how to refresh it. */
  readonly note: string;
  /** The eligible services. */
  readonly services: readonly HipaaEligibleService[];
}

const SOURCE = 'https://aws.amazon.com/compliance/hipaa-eligible-services-reference/';
const IAM_NAMESPACE = /^[a-z0-9][a-z0-9-]*$/;
const CFN_NAMESPACE = /^AWS::[A-Za-z0-9]+$/;

/**
 * Checks the shape of the vendored reference and returns it typed. A malformed file (wrong source, a
 * date that is not `YYYY-MM-DD`, a service without IAM prefixes, a prefix or namespace of the wrong form)
 * throws: a broken list must not silently widen or empty the eligible-services SCP (164.308(b)(1)).
 *
 * @param data the parsed JSON file
 */
export function parseHipaaEligibleServicesReference(data: unknown): HipaaEligibleServicesReference {
  const problems: string[] = [];
  const doc = (data ?? {}) as Record<string, unknown>;
  if (doc.source !== SOURCE) problems.push(`'source' must be ${SOURCE}, got ${JSON.stringify(doc.source)}`);
  const retrieved = doc.retrieved;
  if (
    typeof retrieved !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}$/.test(retrieved) ||
    Number.isNaN(Date.parse(retrieved))
  )
    problems.push(`'retrieved' must be a YYYY-MM-DD date, got ${JSON.stringify(retrieved)}`);
  if (typeof doc.note !== 'string' || doc.note.length === 0)
    problems.push(`'note' must say how to refresh the copy`);
  const services = Array.isArray(doc.services) ? (doc.services as Record<string, unknown>[]) : [];
  if (services.length === 0) problems.push(`'services' must be a non-empty list`);
  services.forEach((s, i) => {
    const iam = s?.iamNamespaces;
    const cfn = s?.cloudFormationNamespaces;
    if (typeof s?.name !== 'string' || s.name.length === 0)
      problems.push(`services[${i}].name must be a name`);
    if (
      !Array.isArray(iam) ||
      iam.length === 0 ||
      !iam.every((n) => typeof n === 'string' && IAM_NAMESPACE.test(n))
    )
      problems.push(
        `services[${i}].iamNamespaces must be a non-empty list of IAM prefixes, got ${JSON.stringify(iam)}`,
      );
    if (!Array.isArray(cfn) || !cfn.every((n) => typeof n === 'string' && CFN_NAMESPACE.test(n)))
      problems.push(
        `services[${i}].cloudFormationNamespaces must be a list of AWS::<Service> namespaces, got ${JSON.stringify(cfn)}`,
      );
  });
  if (problems.length > 0)
    throw new Error(
      `HIPAA eligible services reference is malformed (164.308(b)(1)):\n  ${problems.join('\n  ')}`,
    );
  return doc as unknown as HipaaEligibleServicesReference;
}

/**
 * AWS's HIPAA Eligible Services Reference as vendored in `constructs/core/data/hipaa-eligible-services.json`,
 * dated by its `retrieved` field. It is the one source of eligibility for the `HipaaEligibleServicesOnly` SCP
 * and the `HipaaEligible` synth check; refresh it against the page before each release.
 *
 * @see https://aws.amazon.com/compliance/hipaa-eligible-services-reference/
 */
export const HIPAA_ELIGIBLE_SERVICES_REFERENCE: HipaaEligibleServicesReference =
  parseHipaaEligibleServicesReference(reference);

/** Every IAM service prefix of an eligible service, sorted and without duplicates. */
export const HIPAA_ELIGIBLE_IAM_NAMESPACES: readonly string[] = [
  ...new Set(HIPAA_ELIGIBLE_SERVICES_REFERENCE.services.flatMap((s) => s.iamNamespaces)),
].sort();

/** Every CloudFormation namespace of an eligible service, sorted and without duplicates. */
export const HIPAA_ELIGIBLE_CLOUDFORMATION_NAMESPACES: readonly string[] = [
  ...new Set(HIPAA_ELIGIBLE_SERVICES_REFERENCE.services.flatMap((s) => s.cloudFormationNamespaces)),
].sort();
