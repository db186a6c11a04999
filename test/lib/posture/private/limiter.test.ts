import { Limiter } from '../../../../lib/posture/private/limiter';

describe('Limiter', () => {
  test('never runs more than its concurrency at once, and runs everything', async () => {
    const limiter = new Limiter(3);
    let active = 0;
    let peak = 0;
    const done = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        limiter.run(async () => {
          active += 1;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, 1 + (i % 4)));
          active -= 1;
          return i;
        }),
      ),
    );
    expect(done).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(peak).toBe(3);
  });

  test('rejects a concurrency that is not a positive integer', () => {
    expect(() => new Limiter(0)).toThrow(/concurrency must be a positive integer, got 0/);
  });
});
