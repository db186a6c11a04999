import * as fs from 'node:fs';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { HIPAA_CONTROLS } from '../catalog/controls';
import type { Attestation } from './model';

/** Where the attestations file is looked for, relative to the app's working directory. */
export const DEFAULT_ATTESTATIONS_FILE = 'compliance/attestations.yaml';

const CITATIONS = new Set(HIPAA_CONTROLS.map((c) => c.id));
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((d) => !Number.isNaN(new Date(`${d}T00:00:00Z`).getTime()), 'must be a real calendar date');

const AttestationSchema = z
  .object({
    citation: z
      .string()
      .refine(
        (c) => CITATIONS.has(c),
        'must be a HIPAA Security Rule citation from the catalog, e.g. 164.308(a)(5)(i)',
      ),
    statement: z.string().min(20, 'must say what is attested in at least 20 characters'),
    owner: z.string().min(1, 'must name who attests'),
    evidence: z.string().min(1, 'must link or name the evidence'),
    date: isoDate,
    expires: isoDate.optional(),
  })
  .strict()
  .refine((a) => !a.expires || a.expires >= a.date, {
    message: 'must not be before date',
    path: ['expires'],
  });

const FileSchema = z.object({ attestations: z.array(AttestationSchema) }).strict();

/** Thrown for a malformed attestations file; every problem has its line number. */
export class AttestationsFileError extends Error {
  constructor(file: string, problems: string[]) {
    super(`Invalid attestations file ${file}:\n- ${problems.join('\n- ')}`);
    this.name = 'AttestationsFileError';
  }
}

/**
 * Reads the attestations the organization gives for controls only a person can evidence (training,
 * sanction policy, business associate agreements…).
 *
 * @returns the attestations, or none when the file does not exist
 * @throws AttestationsFileError naming each problem as `<file>:<line>: <path> <message>`
 */
export function loadAttestations(file: string): Attestation[] {
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
  const result = FileSchema.safeParse(doc.toJS());
  if (!result.success) {
    throw new AttestationsFileError(
      file,
      result.error.issues.map(
        (issue) => `${file}:${lineOf(issue.path)}: ${issue.path.join('.') || '(root)'} ${issue.message}`,
      ),
    );
  }
  return result.data.attestations.map((a, i) => ({ ...a, source: `${file}:${lineOf(['attestations', i])}` }));
}
