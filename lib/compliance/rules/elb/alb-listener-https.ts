import { Citation } from '../../../../constructs/core/citations';
import type { Resolved } from '../../template/resolve';
import {
  type CheckResult,
  fail,
  NOT_APPLICABLE,
  type Problem,
  type ResourceView,
  type TemplateRule,
  unverified,
} from '../../template/rule';
import { isSpecial, type TemplateResource, type TemplateSet } from '../../template/template-set';
import { loadBalancerType } from './private/load-balancers';
import { TLS12_OR_LATER_POLICIES } from './private/tls-policies';

const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';

/** The listener's protocol when it belongs to an application load balancer (or one outside the assembly). */
function applicationProtocol(listener: TemplateResource, set: TemplateSet): Resolved | undefined {
  const loadBalancer = set.target(listener.properties.LoadBalancerArn);
  if (loadBalancer && loadBalancerType(loadBalancer) !== 'application') return undefined;
  return listener.properties.Protocol;
}

/** Every action at `path` must be a redirect to HTTPS. */
function redirectsOnly(view: ResourceView, path: string): Problem[] {
  const actions = view.get(path);
  if (actions !== undefined && isSpecial(actions))
    return [unverified(path, actions, 'only redirects to HTTPS')];
  if (!Array.isArray(actions) || actions.length === 0)
    return [fail(path, `${path} must redirect to HTTPS, but the HTTP listener has no actions`)];
  const problems: Problem[] = [];
  (actions as Resolved[]).forEach((action, i) => {
    const fields = (action ?? {}) as Record<string, Resolved>;
    const config = (fields.RedirectConfig ?? {}) as Record<string, Resolved>;
    if (isSpecial(fields.Type) || isSpecial(config.Protocol)) {
      problems.push(unverified(`${path}[${i}]`, action, 'a redirect to HTTPS'));
    } else if (fields.Type !== 'redirect' || config.Protocol !== 'HTTPS') {
      problems.push(
        fail(
          `${path}[${i}]`,
          `${path}[${i}] on an HTTP listener must be a redirect with RedirectConfig.Protocol HTTPS, got Type ${JSON.stringify(fields.Type ?? null)}${fields.Type === 'redirect' ? ` to ${JSON.stringify(config.Protocol ?? '#{protocol}')}` : ''}: ePHI would travel in clear text`,
        ),
      );
    }
  });
  return problems;
}

function checkListener(view: ResourceView, set: TemplateSet): CheckResult {
  const protocol = view.get('Protocol');
  if (protocol !== undefined && isSpecial(protocol))
    return [unverified('Protocol', protocol, 'HTTPS, or HTTP that only redirects to HTTPS')];
  const own = applicationProtocol(view.resource, set);
  if (own !== 'HTTP' && own !== 'HTTPS') return NOT_APPLICABLE; // network or gateway load balancer
  if (protocol === 'HTTP') return redirectsOnly(view, 'DefaultActions');
  const problems: Problem[] = [];
  const policy = view.get('SslPolicy');
  if (policy !== undefined && isSpecial(policy))
    problems.push(unverified('SslPolicy', policy, 'a TLS 1.2+ security policy'));
  else if (typeof policy !== 'string' || !TLS12_OR_LATER_POLICIES.includes(policy))
    problems.push(
      fail(
        'SslPolicy',
        `SslPolicy must be a security policy whose lowest protocol is TLS 1.2 (e.g. ELBSecurityPolicy-TLS13-1-2-2021-06), got ${policy === undefined ? 'nothing (the default, ELBSecurityPolicy-2016-08, accepts TLS 1.0)' : JSON.stringify(policy)}`,
      ),
    );
  if (view.values('Certificates[].CertificateArn').length === 0)
    problems.push(fail('Certificates', 'an HTTPS listener must name its certificate (CertificateArn)'));
  return problems;
}

function checkListenerRule(view: ResourceView, set: TemplateSet): CheckResult {
  const listener = set.target(view.get('ListenerArn'));
  if (!listener || listener.type !== LISTENER) return NOT_APPLICABLE; // judged where the listener is declared
  const protocol = applicationProtocol(listener, set);
  view.note('listenerProtocol', protocol ?? null);
  if (protocol !== undefined && isSpecial(protocol))
    return [unverified('ListenerArn', view.get('ListenerArn'), 'a listener whose protocol is known')];
  return protocol === 'HTTP' ? redirectsOnly(view, 'Actions') : NOT_APPLICABLE;
}

/**
 * Every listener of an application load balancer is HTTPS with a security policy whose lowest protocol is
 * TLS 1.2, or HTTP whose default actions, and the actions of every rule on it, only redirect to HTTPS.
 * Listeners of network and gateway load balancers are not judged.
 */
export const AlbListenerHttps: TemplateRule = {
  id: 'AlbListenerHttps',
  citations: [Citation.TRANSMISSION_SECURITY, Citation.ENCRYPTION_IN_TRANSIT],
  severity: 'error',
  resourceTypes: [LISTENER, 'AWS::ElasticLoadBalancingV2::ListenerRule'],
  rationale:
    'A listener that serves HTTP, or HTTPS that still accepts TLS 1.0 or 1.1, lets ePHI and session tokens cross the network in clear text or under broken ciphers.',
  fix: 'Use PhiLoadBalancer (or give every HTTPS listener an ACM certificate and SslPolicy ELBSecurityPolicy-TLS13-1-2-2021-06, and make HTTP listeners and their rules only redirect to HTTPS).',
  check: (view, set) =>
    view.resource.type === LISTENER ? checkListener(view, set) : checkListenerRule(view, set),
};
