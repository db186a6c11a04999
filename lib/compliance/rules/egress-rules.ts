import type { TemplateRule } from '../template/rule';

/** The egress template evidence rules, in report order. */
export const EGRESS_RULES: readonly TemplateRule[] = [];
