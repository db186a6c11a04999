import type { TemplateRule } from '../template/rule';

/** The detection and incident-response template evidence rules, in report order. */
export const DETECTION_RULES: readonly TemplateRule[] = [];
