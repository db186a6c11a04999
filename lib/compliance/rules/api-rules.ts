import type { TemplateRule } from '../template/rule';

/** The api template evidence rules, in report order. */
export const API_RULES: readonly TemplateRule[] = [];
