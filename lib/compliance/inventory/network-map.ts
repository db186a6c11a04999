import type { Resolved } from '../template/resolve';
import { isSpecial, type TemplateResource, type TemplateSet, valuesAt } from '../template/template-set';
import type { NetworkEdge, NetworkMap, NetworkNode, SubnetTier } from './inventory-model';

/** The id of the node every internet-bound path ends at. */
export const INTERNET_NODE_ID = 'cidr:0.0.0.0/0';

/** Where a resource names the security groups it is attached to. */
const SECURITY_GROUP_PATHS = [
  'SecurityGroupIds[]',
  'SecurityGroups[]',
  'VpcSecurityGroupIds[]',
  'VpcConfig.SecurityGroupIds[]',
  'NetworkConfiguration.AwsvpcConfiguration.SecurityGroups[]',
  'LaunchTemplateData.SecurityGroupIds[]',
  'LaunchTemplateData.NetworkInterfaces[].Groups[]',
  'NetworkInterfaces[].GroupSet[]',
];

/** Where a resource names the subnets it is placed in. */
const SUBNET_PATHS = [
  'SubnetId',
  'SubnetIds[]',
  'Subnets[]',
  'VpcConfig.SubnetIds[]',
  'NetworkInterfaces[].SubnetId',
  'NetworkConfiguration.AwsvpcConfiguration.Subnets[]',
  'VPCZoneIdentifier[]',
];

/** Where a data store names the subnet group that places it. */
const SUBNET_GROUP_PATHS = ['DBSubnetGroupName', 'CacheSubnetGroupName'];

/** `Stack/LogicalId` of a template resource: the id of its node and of its inventory row. */
export const keyOf = (r: { readonly stackName: string; readonly logicalId: string }) =>
  `${r.stackName}/${r.logicalId}`;

/** A short, readable name: the construct path without the stack and a trailing `Resource`. */
export function shortName(resource: TemplateResource): string {
  const parts = resource.constructPath.split('/').filter(Boolean);
  if (parts.length < 2) return resource.logicalId;
  const inner = parts.slice(1);
  if (inner.length > 1 && inner[inner.length - 1] === 'Resource') inner.pop();
  return inner.join('/');
}

/** Template resources referenced at `paths` of `resource`. */
function referenced(set: TemplateSet, resource: TemplateResource, paths: readonly string[]) {
  return paths.flatMap((p) => valuesAt(resource.properties, p).flatMap((v) => set.target(v) ?? []));
}

/**
 * The network facts of the assembly: subnet tiers from route tables, security-group attachments and
 * placement, read once and asked by the inventory and the map.
 */
export class NetworkFacts {
  /** Tier of each subnet, by `Stack/LogicalId`. */
  public readonly subnetTiers = new Map<string, SubnetTier>();
  /** Security groups (`Stack/LogicalId`) each resource is attached to. */
  public readonly groupsOf = new Map<string, string[]>();
  /** Short names of what each security group is attached to. */
  public readonly attachedTo = new Map<string, string[]>();

  constructor(private readonly set: TemplateSet) {
    const routeTiers = new Map<string, SubnetTier>();
    for (const route of set.ofType('AWS::EC2::Route')) {
      const table = set.target(route.properties.RouteTableId);
      if (!table) continue;
      const gateway = route.properties.GatewayId;
      const toIgw =
        set.target(gateway)?.type === 'AWS::EC2::InternetGateway' ||
        (typeof gateway === 'string' && gateway.startsWith('igw-'));
      const tier: SubnetTier | undefined = toIgw
        ? 'public'
        : route.properties.NatGatewayId !== undefined
          ? 'private'
          : undefined;
      if (tier && routeTiers.get(keyOf(table)) !== 'public') routeTiers.set(keyOf(table), tier);
    }
    for (const assoc of set.ofType('AWS::EC2::SubnetRouteTableAssociation')) {
      const subnet = set.target(assoc.properties.SubnetId);
      const table = set.target(assoc.properties.RouteTableId);
      const tier = table && routeTiers.get(keyOf(table));
      if (subnet && tier) this.subnetTiers.set(keyOf(subnet), tier);
    }
    for (const subnet of set.ofType('AWS::EC2::Subnet')) {
      if (!this.subnetTiers.has(keyOf(subnet))) this.subnetTiers.set(keyOf(subnet), 'isolated');
    }
    for (const resource of set.resources) {
      if (resource.type === 'AWS::EC2::SecurityGroup') continue;
      const groups = referenced(set, resource, SECURITY_GROUP_PATHS).filter(
        (g) => g.type === 'AWS::EC2::SecurityGroup',
      );
      if (groups.length === 0) continue;
      this.groupsOf.set(keyOf(resource), [...new Set(groups.map(keyOf))]);
      for (const g of groups) {
        const list = this.attachedTo.get(keyOf(g)) ?? [];
        list.push(shortName(resource));
        this.attachedTo.set(keyOf(g), list);
      }
    }
  }

  /** The subnets a resource is placed in: directly, through its subnet group, or by its mount targets. */
  public subnetsOf(resource: TemplateResource): TemplateResource[] {
    const direct = referenced(this.set, resource, SUBNET_PATHS);
    const viaGroup = referenced(this.set, resource, SUBNET_GROUP_PATHS).flatMap((g) =>
      referenced(this.set, g, ['SubnetIds[]']),
    );
    const viaMounts =
      resource.type === 'AWS::EFS::FileSystem'
        ? this.set
            .referrers(resource, 'AWS::EFS::MountTarget', 'FileSystemId')
            .flatMap((m) => referenced(this.set, m, ['SubnetId']))
        : [];
    return [...direct, ...viaGroup, ...viaMounts].filter((s) => s.type === 'AWS::EC2::Subnet');
  }

  /** The tiers of the subnets a resource is placed in, each once, in public → isolated order. */
  public tiersOf(resource: TemplateResource): SubnetTier[] {
    const tiers = new Set(this.subnetsOf(resource).map((s) => this.subnetTiers.get(keyOf(s)) ?? 'isolated'));
    return (['public', 'private', 'isolated'] as const).filter((t) => tiers.has(t));
  }
}

/** A CIDR source as the map shows it: a literal block, or `<VPC> CIDR` for a reference to a VPC's block. */
function cidrNode(set: TemplateSet, value: Resolved | undefined): { id: string; label: string } | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return { id: `cidr:${value}`, label: value };
  const vpc = set.target(value);
  if (vpc) return { id: `cidr:${keyOf(vpc)}`, label: `${shortName(vpc)} CIDR` };
  return { id: `cidr:${String(value)}`, label: String(value) };
}

function portsOf(rule: Record<string, Resolved>): string {
  const protocol = String(rule.IpProtocol ?? '-1');
  if (protocol === '-1' || protocol === 'all') return 'all traffic';
  const from = rule.FromPort;
  const to = rule.ToPort;
  return from === to || to === undefined
    ? `${protocol} ${String(from)}`
    : `${protocol} ${String(from)}-${String(to)}`;
}

/** The short service name of an endpoint: `s3` of `com.amazonaws.<region>.s3`. */
function serviceName(value: Resolved | undefined): string {
  const text = String(value ?? 'unknown service');
  const match = /([a-z0-9-]+(?:\.[a-z0-9-]+)*)$/.exec(text.split('>').pop() ?? text);
  return (match?.[1] ?? text).replace(/^\./, '');
}

/**
 * Builds the network map from the templates: VPCs, subnets by tier, VPC endpoints, load balancers,
 * security groups with their ingress paths (from other groups and from CIDR blocks), and internet
 * egress through internet and NAT gateways.
 */
export function buildNetworkMap(set: TemplateSet, facts: NetworkFacts): NetworkMap {
  const nodes = new Map<string, NetworkNode>();
  const edges: NetworkEdge[] = [];
  const add = (node: NetworkNode) => {
    if (!nodes.has(node.id)) nodes.set(node.id, node);
  };
  const vpcOf = (r: TemplateResource | undefined) => (r ? set.target(r.properties.VpcId) : undefined);
  for (const vpc of set.ofType('AWS::EC2::VPC')) {
    const cidr = vpc.properties.CidrBlock;
    add({
      id: keyOf(vpc),
      kind: 'vpc',
      label: shortName(vpc),
      ...(typeof cidr === 'string' ? { detail: cidr } : {}),
    });
  }
  const withVpc = (vpc: TemplateResource | undefined) => (vpc ? { vpc: keyOf(vpc) } : {});
  for (const subnet of set.ofType('AWS::EC2::Subnet')) {
    const cidr = subnet.properties.CidrBlock;
    add({
      id: keyOf(subnet),
      kind: 'subnet',
      label: shortName(subnet),
      tier: facts.subnetTiers.get(keyOf(subnet)) ?? 'isolated',
      ...withVpc(vpcOf(subnet)),
      ...(typeof cidr === 'string' ? { detail: cidr } : {}),
    });
  }
  for (const endpoint of set.ofType('AWS::EC2::VPCEndpoint')) {
    const type = endpoint.properties.VpcEndpointType;
    add({
      id: keyOf(endpoint),
      kind: 'endpoint',
      label: serviceName(endpoint.properties.ServiceName),
      ...withVpc(vpcOf(endpoint)),
      detail: typeof type === 'string' ? type : 'Gateway',
    });
  }
  for (const type of [
    'AWS::ElasticLoadBalancingV2::LoadBalancer',
    'AWS::ElasticLoadBalancing::LoadBalancer',
  ]) {
    for (const lb of set.ofType(type)) {
      const subnet = facts.subnetsOf(lb)[0];
      const scheme = lb.properties.Scheme;
      add({
        id: keyOf(lb),
        kind: 'load-balancer',
        label: shortName(lb),
        ...withVpc(vpcOf(subnet)),
        detail: typeof scheme === 'string' ? scheme : 'internet-facing',
      });
      if (scheme === undefined || scheme === 'internet-facing') {
        edges.push({ from: INTERNET_NODE_ID, to: keyOf(lb), label: 'internet-facing', kind: 'ingress' });
      }
    }
  }
  const internet = () => add({ id: INTERNET_NODE_ID, kind: 'cidr', label: 'Internet 0.0.0.0/0' });
  for (const attachment of set.ofType('AWS::EC2::VPCGatewayAttachment')) {
    const igw = set.target(attachment.properties.InternetGatewayId);
    if (!igw) continue;
    add({ id: keyOf(igw), kind: 'internet-gateway', label: shortName(igw), ...withVpc(vpcOf(attachment)) });
    internet();
    edges.push({ from: keyOf(igw), to: INTERNET_NODE_ID, label: 'egress', kind: 'egress' });
  }
  for (const nat of set.ofType('AWS::EC2::NatGateway')) {
    const subnet = set.target(nat.properties.SubnetId);
    add({ id: keyOf(nat), kind: 'nat-gateway', label: shortName(nat), ...withVpc(vpcOf(subnet)) });
    internet();
    edges.push({ from: keyOf(nat), to: INTERNET_NODE_ID, label: 'egress via NAT', kind: 'egress' });
  }
  for (const sg of set.ofType('AWS::EC2::SecurityGroup')) {
    const members = facts.attachedTo.get(keyOf(sg)) ?? [];
    add({
      id: keyOf(sg),
      kind: 'security-group',
      label: shortName(sg),
      ...withVpc(vpcOf(sg)),
      ...(members.length > 0 ? { detail: `attached to ${members.join(', ')}` } : {}),
    });
  }
  const ingress = (group: TemplateResource | undefined, rule: Record<string, Resolved>) => {
    if (!group) return;
    const sourceGroup = set.target(rule.SourceSecurityGroupId);
    const prefixList = rule.SourcePrefixListId;
    const source = sourceGroup
      ? { id: keyOf(sourceGroup), label: shortName(sourceGroup) }
      : prefixList !== undefined
        ? { id: `prefix-list:${String(prefixList)}`, label: `prefix list ${String(prefixList)}` }
        : cidrNode(set, rule.CidrIp ?? rule.CidrIpv6);
    if (!source) return;
    if (!nodes.has(source.id)) add({ id: source.id, kind: 'cidr', label: source.label });
    edges.push({ from: source.id, to: keyOf(group), label: portsOf(rule), kind: 'ingress' });
  };
  for (const sg of set.ofType('AWS::EC2::SecurityGroup')) {
    for (const rule of valuesAt(sg.properties, 'SecurityGroupIngress[]')) {
      if (rule && typeof rule === 'object' && !Array.isArray(rule) && !isSpecial(rule)) {
        ingress(sg, rule as Record<string, Resolved>);
      }
    }
  }
  for (const rule of set.ofType('AWS::EC2::SecurityGroupIngress')) {
    ingress(set.target(rule.properties.GroupId), rule.properties);
  }
  return { nodes: [...nodes.values()], edges };
}
