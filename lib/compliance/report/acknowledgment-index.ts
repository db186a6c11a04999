import type { RecordedAcknowledgment } from './tree-facts';

/**
 * The acknowledgments of an app indexed by rule id and construct path, so finding the one that covers
 * an evaluation costs one map lookup per level of its construct path, not a scan of every
 * acknowledgment (the report looks one up for each failing evaluation).
 */
export class AcknowledgmentIndex {
  private readonly byIdAndPath = new Map<string, RecordedAcknowledgment>();

  constructor(acknowledgments: readonly RecordedAcknowledgment[]) {
    for (const ack of acknowledgments) {
      const key = indexKey(ack.id, ack.acknowledgedAt);
      // The first recorded acknowledgment of an id on a path wins, as a scan in recorded order would find it.
      if (!this.byIdAndPath.has(key)) this.byIdAndPath.set(key, ack);
    }
  }

  /**
   * The acknowledgment of `id` on `constructPath` or its closest ancestor, as aws-cdk-lib applies it:
   * an acknowledgment at `A` covers `A` and every path under `A/`.
   */
  public closest(id: string, constructPath: string): RecordedAcknowledgment | undefined {
    let path = constructPath;
    for (;;) {
      const ack = this.byIdAndPath.get(indexKey(id, path));
      if (ack) return ack;
      const parent = path.lastIndexOf('/');
      if (parent < 0) return undefined;
      path = path.slice(0, parent);
    }
  }
}

const indexKey = (id: string, path: string) => `${id}\u0000${path}`;
