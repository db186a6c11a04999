import * as fs from 'node:fs';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { addDays, isIsoDate, isoDay } from '../../../constructs/core/calendar-date';
import { Citation } from '../../../constructs/core/citations';
import { HIPAA_CONTROLS } from '../catalog/controls';
import type { Attestation } from './model';

/** Where the attestations file is looked for, relative to the app's working directory. */
export const DEFAULT_ATTESTATIONS_FILE = 'compliance/attestations.yaml';

const CITATIONS = new Set(HIPAA_CONTROLS.map((c) => c.id));

/** Days an attestation stays current when its citation has no interval of its own. */
export const DEFAULT_REVIEW_INTERVAL_DAYS = 365;

/**
 * Review intervals shorter than a year, per citation: an attestation older than this is expired, and an
 * explicit `expires` may not be later. Activity review is attested quarterly because the log reviews it
 * vouches for are themselves periodic (164.308(a)(1)(ii)(D) "regularly review records").
 */
export const REVIEW_INTERVAL_DAYS: Readonly<Record<string, number>> = {
  [Citation.ACTIVITY_REVIEW]: 90,
};

/** The review interval of a citation, in days. */
export function reviewIntervalDays(citation: string): number {
  return REVIEW_INTERVAL_DAYS[citation] ?? DEFAULT_REVIEW_INTERVAL_DAYS;
}

/** How a value of `attest init`'s template starts; such a value fails validation until replaced. */
export const PLACEHOLDER_PREFIX = 'FILL IN:';
const PLACEHOLDER = /^\s*(FILL IN|TODO|TBD)\b/i;
const notPlaceholder = (s: string) => !PLACEHOLDER.test(s);
const PLACEHOLDER_MESSAGE = 'is still a placeholder from the template: replace it, or delete the entry';

const text = (min: number, message: string) =>
  z.string().trim().min(min, message).refine(notPlaceholder, PLACEHOLDER_MESSAGE);

const isoDate = z
  .string()
  .refine(notPlaceholder, PLACEHOLDER_MESSAGE)
  .refine((d) => !notPlaceholder(d) || /^\d{4}-\d{2}-\d{2}$/.test(d), 'must be a date as YYYY-MM-DD')
  .refine((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d) || isIsoDate(d), 'must be a real calendar date');

function entrySchema(today: string) {
  return z
    .object({
      citation: z
        .string()
        .refine(
          (c) => CITATIONS.has(c),
          'must be a HIPAA Security Rule citation from the catalog, e.g. 164.308(a)(5)(i)',
        ),
      statement: text(20, 'must say what is attested in at least 20 characters'),
      owner: text(1, 'must name who attests'),
      evidence: text(1, 'must link or name the evidence'),
      date: isoDate.refine((d) => !isIsoDate(d) || d <= today, {
        message: `must not be in the future (today is ${today})`,
      }),
      expires: isoDate.optional(),
    })
    .strict()
    .superRefine((a, ctx) => {
      if (!a.expires || !isIsoDate(a.date) || !isIsoDate(a.expires)) return;
      const latest = addDays(a.date, reviewIntervalDays(a.citation));
      if (a.expires < a.date)
        ctx.addIssue({ code: 'custom', message: 'must not be before date', path: ['expires'] });
      else if (a.expires > latest)
        ctx.addIssue({
          code: 'custom',
          message: `must be at most ${reviewIntervalDays(a.citation)} days after date (${latest}), the review interval of ${a.citation}`,
          path: ['expires'],
        });
    });
}

/** Options of {@link loadAttestations}. */
export interface LoadAttestationsOptions {
  /**
   * The day attestation dates are judged against (none may be later).
   *
   * @default - now
   */
  readonly now?: Date;
}

/** Thrown for a malformed attestations file; every problem has its line number. */
export class AttestationsFileError extends Error {
  constructor(file: string, problems: string[]) {
    super(`Invalid attestations file ${file}:\n- ${problems.join('\n- ')}`);
    this.name = 'AttestationsFileError';
  }
}

/** `attestations.2.owner` as `attestations[2] (164.308(a)(5)(i)) owner:`, naming entry and field. */
function describePath(
  path: readonly PropertyKey[],
  raw: { attestations?: { citation?: unknown }[] } | null,
): string {
  if (path.length === 0) return '(root)';
  if (path[0] !== 'attestations' || path.length < 2) return `${path.join('.')}:`;
  const index = Number(path[1]);
  const citation = raw?.attestations?.[index]?.citation;
  const entry = `attestations[${index}]${typeof citation === 'string' ? ` (${citation})` : ''}`;
  return path.length > 2 ? `${entry} ${path.slice(2).join('.')}:` : `${entry}:`;
}

/**
 * Reads the attestations the organization gives for controls only a person can evidence (training,
 * sanction policy, business associate agreements…).
 *
 * Dates must be real calendar dates, not in the future; each attestation expires at its `expires` date,
 * or after its citation's review interval ({@link reviewIntervalDays}) when none is given, and the
 * returned attestation always carries that expiry.
 *
 * @returns the attestations, or none when the file does not exist
 * @throws AttestationsFileError naming each problem as `<file>:<line>: <path> <message>`
 */
export function loadAttestations(file: string, options: LoadAttestationsOptions = {}): Attestation[] {
  const today = isoDay(options.now ?? new Date());
  if (!fs.existsSync(file)) return [];
  const text = fs.readFileSync(file, 'utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new AttestationsFileError(
      file,
      doc.errors.map(
        (err) => `${file}:${lineCounter.linePos(err.pos[0]).line}: ${err.message.split('\n')[0]}`,
      ),
    );
  }
  const lineOf = (path: readonly PropertyKey[]): number => {
    let node: unknown = doc.contents;
    let offset = 0;
    for (const part of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (p.key as { value?: unknown })?.value === part);
        offset = (pair?.key as { range?: number[] })?.range?.[0] ?? offset;
        node = pair?.value;
      } else if (isSeq(node)) {
        node = node.items[Number(part)];
        offset = (node as { range?: number[] })?.range?.[0] ?? offset;
      } else break;
    }
    return lineCounter.linePos(offset).line;
  };
  const raw = doc.toJS() as { attestations?: { citation?: unknown }[] } | null;
  const result = z
    .object({ attestations: z.array(entrySchema(today)) })
    .strict()
    .safeParse(raw);
  if (!result.success) {
    throw new AttestationsFileError(
      file,
      result.error.issues.map(
        (issue) => `${file}:${lineOf(issue.path)}: ${describePath(issue.path, raw)} ${issue.message}`,
      ),
    );
  }
  return result.data.attestations.map((a, i) => ({
    ...a,
    // Every attestation expires: at the date given, or after its citation's review interval.
    expires: a.expires ?? addDays(a.date, reviewIntervalDays(a.citation)),
    source: `${file}:${lineOf(['attestations', i])}`,
  }));
}
