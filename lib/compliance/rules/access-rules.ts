import type { TemplateRule } from '../template/rule';

/** The identity, network and compute template evidence rules, in report order. */
export const ACCESS_RULES: readonly TemplateRule[] = [];
