import { isRootUser } from '../../../../constructs/containers/private/root-user';
import { looksLikeSecretName } from '../../../../constructs/containers/private/secret-names';
import { Citation } from '../../../../constructs/core/citations';
import { Composite, type Resolved } from '../../template/resolve';
import { fail, type Problem, type TemplateRule, unverified } from '../../template/rule';
import { isSpecial } from '../../template/template-set';
import { isObject } from '../private/json-values';

const isTrue = (v: Resolved | undefined) => v === true || v === 'true';

/** An ECR registry host (`<account>.dkr.ecr.<region>.amazonaws.com`), as a literal part of an image name. */
const ECR_HOST = /\.dkr\.ecr\./;
/** An image reference that ends in a tag or a digest (after the last `/`). */
const TAGGED = /[:@][^/:@]+$/;

/** Problems of a container's image: pinned by digest, or an ECR image with a tag other than `latest`. */
function imageProblems(at: string, image: Resolved | undefined): Problem[] {
  if (image === undefined) return [fail(`${at}.Image`, `${at}.Image must be set`)];
  let text: string;
  if (typeof image === 'string') text = image;
  else if (image instanceof Composite && typeof image.parts[image.parts.length - 1] === 'string')
    // CDK renders an ECR image as `<account>.dkr.ecr.<region>.<suffix>/<repository>` + `:tag` or `@digest`.
    text = image.parts.map((p) => (typeof p === 'string' ? p : '<ref>')).join('');
  else
    return [
      unverified(`${at}.Image`, image, 'an image pinned by digest or an ECR image with an immutable tag'),
    ];
  if (/@sha256:[a-f0-9]{64}$/.test(text)) return [];
  if (/:latest$/i.test(text))
    return [fail(`${at}.Image`, `${at}.Image uses the mutable tag latest: ${text}`)];
  if (!ECR_HOST.test(text))
    return [
      fail(`${at}.Image`, `${at}.Image is from a registry outside ECR and is not pinned by digest: ${text}`),
    ];
  return TAGGED.test(text) ? [] : [fail(`${at}.Image`, `${at}.Image has no tag or digest: ${text}`)];
}

/** Problems of one container definition. */
function containerProblems(at: string, container: Resolved): Problem[] {
  if (!isObject(container)) return [unverified(at, container, 'a container definition')];
  const problems: Problem[] = [];
  const readOnly = container.ReadonlyRootFilesystem;
  if (readOnly !== undefined && isSpecial(readOnly))
    problems.push(unverified(`${at}.ReadonlyRootFilesystem`, readOnly, 'true'));
  else if (!isTrue(readOnly))
    problems.push(fail(`${at}.ReadonlyRootFilesystem`, `${at}.ReadonlyRootFilesystem must be true`));
  const privileged = container.Privileged;
  if (privileged !== undefined && isSpecial(privileged))
    problems.push(unverified(`${at}.Privileged`, privileged, 'false or absent'));
  else if (isTrue(privileged))
    problems.push(fail(`${at}.Privileged`, `${at}.Privileged must be false or absent`));
  const user = container.User;
  if (user !== undefined && isSpecial(user)) problems.push(unverified(`${at}.User`, user, 'a non-root user'));
  else if (typeof user !== 'string' || user === '' || isRootUser(user))
    problems.push(
      fail(
        `${at}.User`,
        `${at}.User must name a non-root user (the image default is often root), got ${JSON.stringify(user ?? null)}`,
      ),
    );
  const linux = isObject(container.LinuxParameters) ? container.LinuxParameters : {};
  const caps = isObject(linux.Capabilities) ? linux.Capabilities : {};
  const drop = Array.isArray(caps.Drop) ? caps.Drop : [];
  if (!drop.includes('ALL'))
    problems.push(
      fail(
        `${at}.LinuxParameters.Capabilities.Drop`,
        `${at}.LinuxParameters.Capabilities.Drop must include ALL`,
      ),
    );
  const log = isObject(container.LogConfiguration) ? container.LogConfiguration.LogDriver : undefined;
  if (log !== 'awslogs')
    problems.push(
      fail(
        `${at}.LogConfiguration.LogDriver`,
        `${at}.LogConfiguration.LogDriver must be awslogs, got ${JSON.stringify(log ?? null)}`,
      ),
    );
  const environment = Array.isArray(container.Environment) ? container.Environment : [];
  for (const [j, variable] of environment.entries()) {
    const name = isObject(variable) ? variable.Name : undefined;
    if (typeof name === 'string' && looksLikeSecretName(name))
      problems.push(
        fail(
          `${at}.Environment[${j}].Name`,
          `${at}.Environment holds ${name}, which looks like a secret: pass it through Secrets (Secrets Manager) instead`,
        ),
      );
  }
  problems.push(...imageProblems(at, container.Image));
  return problems;
}

/**
 * Every container of every ECS task definition runs as a non-root user with a read-only root file
 * system, unprivileged, with all Linux capabilities dropped, logs through the awslogs driver, keeps
 * secret-looking values out of its plain environment, and runs an image that cannot change under it
 * (pinned by digest, or an ECR image with a tag other than `latest`; enforce tag immutability with
 * EcrRepositoryHardening).
 */
export const EcsTaskDefinitionHardening: TemplateRule = {
  id: 'EcsTaskDefinitionHardening',
  citations: [Citation.ACCESS_CONTROL, Citation.INTEGRITY, Citation.AUDIT_CONTROLS],
  severity: 'error',
  resourceTypes: ['AWS::ECS::TaskDefinition'],
  rationale:
    'A root, privileged or capability-holding container with a writable root file system lets a compromised process tamper with the image and reach the host; a plain-text secret is readable by anyone who can describe the task definition; a container without awslogs leaves no activity record; a mutable image can be swapped for one that was never scanned.',
  fix: 'Use PhiFargateService, or set on every container ReadonlyRootFilesystem true, Privileged false, a non-root User, LinuxParameters.Capabilities.Drop ["ALL"], LogConfiguration awslogs, secrets in Secrets (not Environment), and an image by digest or immutable ECR tag.',
  check: (view) => {
    const containers = view.values('ContainerDefinitions[]');
    view.note('containers', containers.length);
    if (containers.length === 0)
      return [fail('ContainerDefinitions', 'ContainerDefinitions must hold at least one container')];
    return containers.flatMap((c, i) => containerProblems(`ContainerDefinitions[${i}]`, c));
  },
};
