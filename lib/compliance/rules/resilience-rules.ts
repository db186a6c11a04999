import type { TemplateRule } from '../template/rule';

/** The patching and backup template evidence rules, in report order. */
export const RESILIENCE_RULES: readonly TemplateRule[] = [];
