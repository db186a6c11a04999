import type { Resolved } from '../../template/resolve';
import { isSpecial } from '../../template/template-set';

/** A resolved template object (a resource's properties or a nested block). */
export type Json = Record<string, Resolved>;

/** Whether `value` is a plain template object: not an array, not a reference, join or unresolved value. */
export const isObject = (value: Resolved | undefined): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !isSpecial(value);
