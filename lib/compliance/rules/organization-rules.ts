import type { TemplateRule } from '../template/rule';

/** The organization template evidence rules, in report order. */
export const ORGANIZATION_RULES: readonly TemplateRule[] = [];
