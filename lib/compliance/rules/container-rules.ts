import type { TemplateRule } from '../template/rule';
import { EcrRepositoryHardening } from './ecr/repository-hardening';
import { EcsClusterInsights } from './ecs/cluster-insights';
import { EcsServiceNoPublicIp } from './ecs/service-no-public-ip';
import { EcsTaskDefinitionHardening } from './ecs/task-definition-hardening';

/** The container template evidence rules, in report order. */
export const CONTAINER_RULES: readonly TemplateRule[] = [
  EcsTaskDefinitionHardening,
  EcsClusterInsights,
  EcsServiceNoPublicIp,
  EcrRepositoryHardening,
];
