/**
 * True when a container `user` value runs as root: the user part is `root` or a numeric id of zero
 * (`root`, `0`, `0:0`, `root:staff`, `00:1000`). Shared by PhiFargateService (synth error) and the
 * EcsTaskDefinitionHardening template rule.
 */
export function isRootUser(user: string): boolean {
  const name = user.split(':')[0] ?? '';
  return name === 'root' || /^0+$/.test(name);
}
