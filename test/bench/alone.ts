/**
 * A benchmark module that `npm run bench` (test/bench/run.ts) imports also runs on its own
 * (`npx tsx test/bench/<name>.ts`): `runAlone(import.meta.url, bench)` runs `bench` only when the
 * module is the one started, then exits 0, or 1 with the failure's message.
 */
export function runAlone(moduleUrl: string, bench: () => Promise<void>): void {
  if (moduleUrl !== `file://${process.argv[1]}`) return;
  bench().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error('benchmark failed:', err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
