/**
 * Real peers of the tests (socat, zbarimg, tesseract, pcscd/vicc, mosquitto, espeak-ng/sox,
 * Chromium) and ONE rule for a missing one: in CI (`CI` set and not "false"/"0") it is an error
 * that fails the run, never a silent skip; outside CI the suite is skipped and the reason printed.
 *
 *   const hasSocat = requirePeer('socat', binaryRuns('socat', ['-V']), 'apt-get install socat');
 *   describe.skipIf(!hasSocat)('…', () => { … });
 */
import { spawnSync } from 'node:child_process';

/** True when the tests run in CI (GitHub Actions and most runners set CI=true). */
export function inCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/** True when `bin args…` can be started (its exit status is not looked at: some print usage and exit 1). */
export function binaryRuns(bin: string, args: string[] = ['--version']): boolean {
  const r = spawnSync(bin, args, { stdio: 'ignore', timeout: 10_000 });
  return !r.error;
}

/**
 * `available` true: returns true. Missing: throws in CI (naming the peer and how to install it);
 * outside CI prints why the suite is skipped and returns false. `available` may be a reason
 * string (why it is missing) instead of false.
 */
export function requirePeer(name: string, available: boolean | string, installHint: string): boolean {
  if (available === true) return true;
  const why = typeof available === 'string' && available ? `: ${available}` : '';
  const message = `${name} is missing${why} (${installHint})`;
  if (inCi()) throw new Error(`${message}; CI must have every peer, a peer test never skips there`);
  console.warn(`SKIPPING the tests that need ${name}: ${message}`);
  return false;
}
