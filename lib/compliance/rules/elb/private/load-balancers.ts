import type { Resolved } from '../../../template/resolve';
import { isSpecial, type TemplateResource } from '../../../template/template-set';

/**
 * Reading Elastic Load Balancing v2 resources out of the resolved templates, for the ELB and WAF template
 * evidence rules: what kind of load balancer a resource is, and its attributes.
 */

/** The load balancer type: CloudFormation's default is `application` when `Type` is absent. */
export function loadBalancerType(resource: TemplateResource): Resolved {
  return resource.properties.Type ?? 'application';
}

/** True when the load balancer is internet-facing (CloudFormation's default when `Scheme` is absent). */
export function isInternetFacing(resource: TemplateResource): boolean | undefined {
  const scheme = resource.properties.Scheme ?? 'internet-facing';
  return isSpecial(scheme) ? undefined : scheme === 'internet-facing';
}

/** The `LoadBalancerAttributes` as a map from key to value; a key set twice keeps its last value. */
export function loadBalancerAttributes(attributes: Resolved | undefined): ReadonlyMap<string, Resolved> {
  const map = new Map<string, Resolved>();
  if (!Array.isArray(attributes)) return map;
  for (const attribute of attributes as Resolved[]) {
    if (
      attribute === null ||
      typeof attribute !== 'object' ||
      isSpecial(attribute) ||
      Array.isArray(attribute)
    )
      continue;
    const { Key, Value } = attribute as Record<string, Resolved>;
    if (typeof Key === 'string' && Value !== undefined) map.set(Key, Value);
  }
  return map;
}

/** True for `true` or `"true"` (CloudFormation takes attribute values as strings). */
export function isTrue(value: Resolved | undefined): boolean {
  return value === true || value === 'true';
}
