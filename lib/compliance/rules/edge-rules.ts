import type { TemplateRule } from '../template/rule';

/** The edge template evidence rules, in report order. */
export const EDGE_RULES: readonly TemplateRule[] = [];
