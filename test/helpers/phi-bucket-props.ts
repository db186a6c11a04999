import type { PhiBucketProps } from '../../constructs/storage/phi-bucket';

/**
 * The `withoutReplication` of PhiBuckets in tests that are not about replication: PhiBucket requires
 * `replicateTo` or a stated reason, and these buckets only exist in synthesized test stacks.
 */
export const TEST_WITHOUT_REPLICATION = {
  reason:
    'Test bucket of a synthesized-only stack in a test about something other than replication; see phi-bucket-replication.test.ts for replicateTo.',
} as const;

/** `props` for a PhiBucket of a test that is not about replication, with `withoutReplication` set. */
export function unreplicated(
  props: Omit<PhiBucketProps, 'replicateTo' | 'withoutReplication'> = {},
): PhiBucketProps {
  return { ...props, withoutReplication: TEST_WITHOUT_REPLICATION };
}
