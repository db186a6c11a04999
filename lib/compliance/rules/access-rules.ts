import type { TemplateRule } from '../template/rule';
import { SecurityGroupAdminPorts } from './ec2/security-group-admin-ports';

/** The identity, network and compute template evidence rules, in report order. */
export const ACCESS_RULES: readonly TemplateRule[] = [SecurityGroupAdminPorts];
