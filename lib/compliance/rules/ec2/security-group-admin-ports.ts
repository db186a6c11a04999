import { Citation } from '../../../../constructs/core/citations';
import type { Resolved } from '../../template/resolve';
import { fail, type Problem, type TemplateRule, unverified } from '../../template/rule';
import { isSpecial } from '../../template/template-set';

/** Remote administration ports that must never be reachable from the internet. */
const ADMIN_PORTS = [22, 3389];
const ANYWHERE = ['0.0.0.0/0', '::/0'];

type Rule = Record<string, Resolved>;

/** The problem one ingress rule raises, if it opens an admin port (or every port) to the internet. */
function ingressProblem(path: string, rule: Rule): Problem | undefined {
  const sources = [rule.CidrIp, rule.CidrIpv6].filter((s) => s !== undefined);
  if (sources.some(isSpecial)) return unverified(path, rule, 'a source narrower than the internet');
  if (!sources.some((s) => typeof s === 'string' && ANYWHERE.includes(s))) return undefined;
  const protocol = String(rule.IpProtocol);
  const from = Number(rule.FromPort);
  const to = Number(rule.ToPort);
  if (protocol === '-1' || protocol === 'all')
    return fail(path, `${path} opens every port and protocol to ${sources.join(', ')}`);
  if (isSpecial(rule.FromPort) || isSpecial(rule.ToPort))
    return unverified(path, rule, 'a port range without 22 or 3389');
  const open = ADMIN_PORTS.filter((port) => from <= port && port <= to);
  return open.length > 0 && (protocol === 'tcp' || protocol === '6')
    ? fail(path, `${path} opens port ${open.join(' and ')} to ${sources.join(', ')}`)
    : undefined;
}

/** No security group lets the internet (0.0.0.0/0 or ::/0) reach SSH, RDP or every port. */
export const SecurityGroupAdminPorts: TemplateRule = {
  id: 'SecurityGroupAdminPorts',
  citations: [Citation.ACCESS_CONTROL, Citation.TRANSMISSION_SECURITY],
  severity: 'error',
  resourceTypes: ['AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress'],
  rationale:
    'SSH or RDP open to the internet exposes hosts that process ePHI to password guessing and exploits; the toolkit reaches instances through Session Manager instead.',
  fix: 'Remove the 0.0.0.0/0 / ::/0 ingress rule and use Session Manager (or allow the port from a specific CIDR or security group).',
  check: (view) => {
    if (view.resource.type === 'AWS::EC2::SecurityGroupIngress') {
      const rule = view.resource.properties as Rule;
      for (const key of ['CidrIp', 'CidrIpv6', 'IpProtocol', 'FromPort', 'ToPort']) view.get(key);
      const problem = ingressProblem('Properties', rule);
      return problem ? [problem] : [];
    }
    return view
      .values('SecurityGroupIngress[]')
      .flatMap((rule, i) =>
        rule !== null && typeof rule === 'object' && !isSpecial(rule) && !Array.isArray(rule)
          ? [ingressProblem(`SecurityGroupIngress[${i}]`, rule as Rule)]
          : isSpecial(rule)
            ? [unverified(`SecurityGroupIngress[${i}]`, rule, 'an ingress rule narrower than the internet')]
            : [],
      )
      .filter((p): p is Problem => p !== undefined);
  },
};
