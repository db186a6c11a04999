import { Citation } from '../../../../constructs/core/citations';
import { fail, type Problem, type TemplateRule, unverified } from '../../template/rule';
import { isSpecial } from '../../template/template-set';

const ASSIGN = 'NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp';
const FARGATE_PROVIDERS = ['FARGATE', 'FARGATE_SPOT'];

/**
 * Every ECS service runs on Fargate (launch type FARGATE, or a capacity provider strategy of FARGATE
 * and FARGATE_SPOT only), and its tasks get no public IP address (`AssignPublicIp` DISABLED or absent).
 */
export const EcsServiceNoPublicIp: TemplateRule = {
  id: 'EcsServiceNoPublicIp',
  citations: [Citation.ACCESS_CONTROL, Citation.TRANSMISSION_SECURITY, Citation.RISK_MANAGEMENT],
  severity: 'error',
  resourceTypes: ['AWS::ECS::Service'],
  rationale:
    'A task with a public IP address is reachable from the internet past the load balancer and its TLS policy; tasks on EC2 container instances share hosts the account must patch and harden itself, where Fargate isolates each task and patches the host.',
  fix: "Use PhiFargateService, or set LaunchType FARGATE and NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp 'DISABLED' with private subnets.",
  check: (view, set) => {
    const problems: Problem[] = [];
    const assign = view.get(ASSIGN);
    if (assign !== undefined && isSpecial(assign))
      problems.push(unverified(ASSIGN, assign, 'DISABLED or absent'));
    else if (assign !== undefined && assign !== 'DISABLED')
      problems.push(fail(ASSIGN, `${ASSIGN} must be DISABLED or absent, got ${JSON.stringify(assign)}`));

    const launchType = view.get('LaunchType');
    const providers = view.values('CapacityProviderStrategy[].CapacityProvider');
    if (launchType !== undefined && isSpecial(launchType))
      problems.push(unverified('LaunchType', launchType, 'FARGATE'));
    else if (launchType !== undefined) {
      if (launchType !== 'FARGATE')
        problems.push(fail('LaunchType', `LaunchType must be FARGATE, got ${JSON.stringify(launchType)}`));
    } else if (providers.length === 0)
      problems.push(
        fail(
          'LaunchType',
          'LaunchType must be FARGATE (the service sets neither a launch type nor a Fargate capacity provider)',
        ),
      );
    else {
      // A provider declared in the templates is an Auto Scaling group provider: Fargate's are built in.
      const declared = providers.filter((p) => set.target(p)?.type === 'AWS::ECS::CapacityProvider');
      const named = providers.filter((p) => typeof p === 'string');
      if (declared.length > 0 || named.some((p) => !FARGATE_PROVIDERS.includes(p as string)))
        problems.push(
          fail(
            'CapacityProviderStrategy',
            `CapacityProviderStrategy must use FARGATE or FARGATE_SPOT only, got ${providers.map(String).join(', ')}`,
          ),
        );
      else if (named.length < providers.length)
        problems.push(
          unverified('CapacityProviderStrategy', providers, 'FARGATE or FARGATE_SPOT providers only'),
        );
    }
    return problems;
  },
};
