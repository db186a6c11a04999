/** `from`, `from + step`, … up to `to`. */
function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let value = from; value <= to; value += step) values.push(value);
  return values;
}

/**
 * The task sizes Fargate accepts on Linux: for each CPU value (CPU units, 1024 = 1 vCPU), the memory
 * values in MiB.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
 */
const FARGATE_MEMORY_BY_CPU: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

/** The CPU values Fargate accepts on Linux. */
export const FARGATE_CPU_VALUES: readonly number[] = Object.keys(FARGATE_MEMORY_BY_CPU).map(Number);

/** The memory values (MiB) Fargate accepts with `cpu`; none for a CPU value it does not accept. */
export function fargateMemoryValues(cpu: number): readonly number[] {
  return FARGATE_MEMORY_BY_CPU[cpu] ?? [];
}

/** Describes the memory Fargate accepts with `cpu`, e.g. `1024 to 4096 MiB in steps of 1024`. */
export function describeFargateMemory(cpu: number): string {
  const values = fargateMemoryValues(cpu);
  if (values.length === 0) return `a valid cpu first (one of ${FARGATE_CPU_VALUES.join(', ')})`;
  if (values.length <= 3) return `${values.join(', ')} MiB`;
  const step = (values[1] as number) - (values[0] as number);
  return `${values[0]} to ${values[values.length - 1]} MiB in steps of ${step}`;
}
