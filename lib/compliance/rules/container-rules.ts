import type { TemplateRule } from '../template/rule';

/** The container template evidence rules, in report order. */
export const CONTAINER_RULES: readonly TemplateRule[] = [];
