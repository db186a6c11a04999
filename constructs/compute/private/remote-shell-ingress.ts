import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';

/** Ports of remote shells that Session Manager replaces: SSH and RDP. */
export const REMOTE_SHELL_PORTS: readonly number[] = [22, 3389];

interface IngressLike {
  readonly ipProtocol?: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly IpProtocol?: string;
  readonly FromPort?: number;
  readonly ToPort?: number;
}

/**
 * Descriptions of the ingress rules of `securityGroup`, inline or separate resources anywhere in the
 * app, that open a remote-shell port ({@link REMOTE_SHELL_PORTS}) or all traffic. A port range that is
 * an unresolved token counts as open: it cannot be shown to be closed.
 */
export function remoteShellIngress(securityGroup: ec2.SecurityGroup): string[] {
  const stack = Stack.of(securityGroup);
  const cfn = securityGroup.node.defaultChild as ec2.CfnSecurityGroup;
  const inline = (stack.resolve(cfn.securityGroupIngress) as IngressLike[] | undefined) ?? [];
  const separate = securityGroup.node.root.node
    .findAll()
    .filter(
      (c): c is ec2.CfnSecurityGroupIngress =>
        c instanceof ec2.CfnSecurityGroupIngress && c.groupId === securityGroup.securityGroupId,
    )
    .map((c) => ({ ipProtocol: c.ipProtocol, fromPort: c.fromPort, toPort: c.toPort }));
  return [...inline, ...separate].filter(opensRemoteShell).map(describe);
}

function opensRemoteShell(rule: IngressLike): boolean {
  const protocol = String(rule.ipProtocol ?? rule.IpProtocol);
  if (protocol === '-1' || protocol === 'all') return true;
  if (protocol !== 'tcp' && protocol !== '6') return false;
  const from = rule.fromPort ?? rule.FromPort;
  const to = rule.toPort ?? rule.ToPort;
  if (from === undefined || to === undefined || Token.isUnresolved(from) || Token.isUnresolved(to))
    return true;
  return REMOTE_SHELL_PORTS.some((port) => from <= port && port <= to);
}

function describe(rule: IngressLike): string {
  const protocol = rule.ipProtocol ?? rule.IpProtocol;
  const from = rule.fromPort ?? rule.FromPort;
  const to = rule.toPort ?? rule.ToPort;
  return protocol === '-1' ? 'all traffic' : `${protocol} ${from === to ? from : `${from}-${to}`}`;
}
