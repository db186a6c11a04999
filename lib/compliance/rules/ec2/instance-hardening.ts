import { Citation } from '../../../../constructs/core/citations';
import type { Resolved } from '../../template/resolve';
import {
  expectEqual,
  fail,
  type Problem,
  type ResourceView,
  type TemplateRule,
  unverified,
} from '../../template/rule';
import { isSpecial, type TemplateSet } from '../../template/template-set';
import { isObject } from '../private/json-values';

/** Problems of the EBS volumes in `mappings` (at `path`): each must be encrypted. */
function volumeProblems(path: string, mappings: readonly Resolved[]): Problem[] {
  return mappings.flatMap((mapping, i) => {
    const at = `${path}[${i}].Ebs.Encrypted`;
    if (!isObject(mapping)) return [unverified(`${path}[${i}]`, mapping, 'an encrypted EBS volume')];
    const ebs = mapping.Ebs;
    if (ebs === undefined) return []; // an instance-store or suppressed device: no EBS volume
    const encrypted = isObject(ebs) ? ebs.Encrypted : ebs;
    if (encrypted !== undefined && isSpecial(encrypted)) return [unverified(at, encrypted, 'true')];
    return encrypted === true || encrypted === 'true'
      ? []
      : [fail(at, `${at} must be true, got ${JSON.stringify(encrypted ?? null)}`)];
  });
}

/** Problems of the network interfaces in `interfaces` (at `path`): none may get a public IP address. */
function publicIpProblems(path: string, interfaces: readonly Resolved[]): Problem[] {
  return interfaces.flatMap((nic, i) => {
    const at = `${path}[${i}].AssociatePublicIpAddress`;
    const value = isObject(nic) ? nic.AssociatePublicIpAddress : nic;
    if (value !== undefined && isSpecial(value)) return [unverified(at, value, 'false or absent')];
    return value === true || value === 'true'
      ? [fail(at, `${at} must not be true: no public IP address`)]
      : [];
  });
}

/** Judges a launch template: IMDSv2 required, EBS volumes encrypted, no public IP address. */
function launchTemplateProblems(view: ResourceView): Problem[] {
  const data = 'LaunchTemplateData';
  return [
    ...expectEqual(view, `${data}.MetadataOptions.HttpTokens`, 'required'),
    ...volumeProblems(`${data}.BlockDeviceMappings`, view.values(`${data}.BlockDeviceMappings[]`)),
    ...publicIpProblems(`${data}.NetworkInterfaces`, view.values(`${data}.NetworkInterfaces[]`)),
  ];
}

/**
 * Judges an instance. CloudFormation has no metadata options on `AWS::EC2::Instance`: IMDSv2 is required
 * through the launch template the instance refers to, whose settings the instance inherits.
 */
function instanceProblems(view: ResourceView, set: TemplateSet): Problem[] {
  const problems: Problem[] = [];
  const reference =
    view.get('LaunchTemplate.LaunchTemplateId') ?? view.get('LaunchTemplate.LaunchTemplateName');
  const template = set.target(reference);
  const data =
    template?.type === 'AWS::EC2::LaunchTemplate' ? template.properties.LaunchTemplateData : undefined;
  view.note('launchTemplate', template ? `${template.stackName}/${template.logicalId}` : null);
  if (reference !== undefined && !template)
    problems.push(
      unverified('LaunchTemplate', reference, 'a launch template of the assembly that requires IMDSv2'),
    );
  else {
    const tokens =
      isObject(data) && isObject(data.MetadataOptions) ? data.MetadataOptions.HttpTokens : undefined;
    view.note('launchTemplate.MetadataOptions.HttpTokens', tokens ?? null);
    if (tokens !== undefined && isSpecial(tokens))
      problems.push(unverified('LaunchTemplate', tokens, 'a launch template with HttpTokens "required"'));
    else if (tokens !== 'required')
      problems.push(
        fail(
          'LaunchTemplate',
          template
            ? `the instance's launch template ${template.logicalId} must set MetadataOptions.HttpTokens "required", got ${JSON.stringify(tokens ?? null)}`
            : 'the instance must use a launch template that sets MetadataOptions.HttpTokens "required" (IMDSv2)',
        ),
      );
  }
  const own = view.values('BlockDeviceMappings[]');
  const inherited = isObject(data) && Array.isArray(data.BlockDeviceMappings) ? data.BlockDeviceMappings : [];
  const templateUnknown = reference !== undefined && !template;
  if (own.length === 0 && inherited.length === 0 && !templateUnknown)
    problems.push(
      fail(
        'BlockDeviceMappings',
        'no block device mapping (on the instance or its launch template) encrypts the root volume',
      ),
    );
  problems.push(...volumeProblems('BlockDeviceMappings', own));
  problems.push(...publicIpProblems('NetworkInterfaces', view.values('NetworkInterfaces[]')));
  return problems;
}

/**
 * Every EC2 instance and launch template requires IMDSv2 (session tokens), encrypts its EBS volumes and
 * gets no public IP address. An instance is judged with the launch template it refers to.
 */
export const Ec2InstanceHardening: TemplateRule = {
  id: 'Ec2InstanceHardening',
  citations: [Citation.ACCESS_CONTROL, Citation.ENCRYPTION_AT_REST, Citation.TRANSMISSION_SECURITY],
  severity: 'error',
  resourceTypes: ['AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate'],
  rationale:
    'IMDSv1 lets a server-side request forgery read the instance role’s credentials, an unencrypted volume exposes ePHI in snapshots and on disk, and a public IP address puts the host on the internet.',
  fix: 'Use HardenedInstance / HardenedLaunchTemplate (or set MetadataOptions.HttpTokens "required" on the launch template the instance uses, Encrypted true on every EBS mapping, and AssociatePublicIpAddress false).',
  check: (view, set) =>
    view.resource.type === 'AWS::EC2::LaunchTemplate'
      ? launchTemplateProblems(view)
      : instanceProblems(view, set),
};
