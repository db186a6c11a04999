import type { TemplateRule } from '../template/rule';
import { OrganizationResourcePerimeter } from './organizations/resource-perimeter';

/** The organization template evidence rules, in report order. */
export const ORGANIZATION_RULES: readonly TemplateRule[] = [OrganizationResourcePerimeter];
