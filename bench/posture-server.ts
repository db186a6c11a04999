// The loopback AWS of bench/posture.bench.ts, in its own process so that the measured collector's memory
// is its own. Usage: tsx bench/posture-server.ts '<scenario JSON>'; prints its URL, serves until killed.
import { startFakeAws } from '../test/lib/posture/support/fake-aws-server';

startFakeAws(JSON.parse(process.argv[2] ?? '{}')).then((fake) => {
  process.stdout.write(`${fake.url}\n`);
  process.on('SIGTERM', () => {
    fake.close().then(() => process.exit(0));
  });
});
