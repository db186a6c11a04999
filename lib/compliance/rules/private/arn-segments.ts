import { Composite, type Resolved, Unresolved } from '../../template/resolve';

/** One colon-separated segment of an ARN as written: a literal, a pseudo parameter, or unknown. */
export type ArnSegment = { literal: string } | { pseudo: string } | { unknown: true };

/**
 * The colon-separated segments of an ARN as written in a template: a literal string, or a string joined
 * from literals and pseudo parameters (`arn:${AWS::Partition}:backup:us-west-2:${AWS::AccountId}:…`).
 * Undefined for a reference to a resource, or a value that is not an ARN (fewer than six segments).
 */
export function arnSegments(value: Resolved | undefined): ArnSegment[] | undefined {
  let text: string;
  const markers: ArnSegment[] = [];
  if (typeof value === 'string') text = value;
  else if (value instanceof Composite) {
    text = value.parts
      .map((part) => {
        if (typeof part === 'string') return part;
        markers.push(
          part instanceof Unresolved && part.pseudoParameter
            ? { pseudo: part.pseudoParameter }
            : { unknown: true },
        );
        return `{${markers.length - 1}}`;
      })
      .join('');
  } else return undefined;
  const segments = text.split(':');
  // A value led by a resource reference starts with a marker, not `arn`.
  if (segments.length < 6 || segments[0] !== 'arn') return undefined;
  return segments.map((s) => {
    const marker = /^\{(\d+)\}$/.exec(s);
    if (marker) return markers[Number(marker[1])] ?? { unknown: true };
    return s.includes('{') ? { unknown: true } : { literal: s };
  });
}
