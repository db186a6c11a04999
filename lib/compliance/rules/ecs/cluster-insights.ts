import { Citation } from '../../../../constructs/core/citations';
import {
  expectEqual,
  expectPresent,
  fail,
  type Problem,
  type TemplateRule,
  unverified,
} from '../../template/rule';
import { isSpecial } from '../../template/template-set';

const EXEC = 'Configuration.ExecuteCommandConfiguration';
const INSIGHTS = ['enabled', 'enhanced'];

/**
 * Every ECS cluster has CloudWatch Container Insights on (`enabled` or `enhanced`). A cluster whose
 * services allow ECS Exec, or that declares an ECS Exec configuration, encrypts sessions with a KMS key
 * and logs them (`Logging` OVERRIDE) to an encrypted CloudWatch Logs group.
 */
export const EcsClusterInsights: TemplateRule = {
  id: 'EcsClusterInsights',
  citations: [Citation.AUDIT_CONTROLS, Citation.ACTIVITY_REVIEW, Citation.ENCRYPTION_AT_REST],
  severity: 'error',
  resourceTypes: ['AWS::ECS::Cluster'],
  rationale:
    'Container Insights records task and container activity for review; an ECS Exec session is an interactive shell into a container that may hold ePHI, so what is typed and shown must be encrypted in transit with a customer key and kept in an encrypted audit log.',
  fix: "Use PhiFargateService's default cluster, or set ClusterSettings containerInsights 'enhanced' and, with ECS Exec, ExecuteCommandConfiguration with KmsKeyId, Logging OVERRIDE, LogConfiguration.CloudWatchLogGroupName and CloudWatchEncryptionEnabled true.",
  check: (view, set) => {
    const problems: Problem[] = [];
    const settings = view.values('ClusterSettings[]');
    const insights = settings.find(
      (s) =>
        s !== null &&
        typeof s === 'object' &&
        !isSpecial(s) &&
        (s as Record<string, unknown>).Name === 'containerInsights',
    ) as Record<string, unknown> | undefined;
    const value = insights?.Value;
    if (value !== undefined && isSpecial(value))
      problems.push(unverified('ClusterSettings', value as never, 'containerInsights enabled or enhanced'));
    else if (typeof value !== 'string' || !INSIGHTS.includes(value))
      problems.push(
        fail(
          'ClusterSettings',
          `ClusterSettings must set containerInsights to enabled or enhanced, got ${JSON.stringify(value ?? null)}`,
        ),
      );

    const execServices = set
      .referrers(view.resource, 'AWS::ECS::Service', 'Cluster')
      .filter(
        (s) => s.properties.EnableExecuteCommand === true || s.properties.EnableExecuteCommand === 'true',
      );
    view.note(
      'servicesWithExec',
      execServices.map((s) => s.logicalId),
    );
    const exec = view.get(EXEC);
    if (exec === undefined) {
      if (execServices.length > 0)
        problems.push(
          fail(
            EXEC,
            `${EXEC} must be set: services ${execServices.map((s) => s.logicalId).join(', ')} allow ECS Exec, whose sessions would be neither KMS-encrypted nor logged to an encrypted log group`,
          ),
        );
      return problems;
    }
    problems.push(
      ...expectPresent(view, `${EXEC}.KmsKeyId`, 'a KMS key encrypts ECS Exec session data'),
      ...expectEqual(view, `${EXEC}.Logging`, 'OVERRIDE'),
      ...expectPresent(
        view,
        `${EXEC}.LogConfiguration.CloudWatchLogGroupName`,
        'sessions are logged to CloudWatch Logs',
      ),
      ...expectEqual(view, `${EXEC}.LogConfiguration.CloudWatchEncryptionEnabled`, true),
    );
    return problems;
  },
};
