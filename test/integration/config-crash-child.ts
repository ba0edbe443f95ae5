/**
 * Saves the site config in a loop for test/integration/config-crash.test.ts, which kills this
 * process with SIGKILL at random points:
 *
 *   node --import tsx test/integration/config-crash-child.ts <file> <dataDir>
 *
 * Each save sets ui.idleTimeoutSeconds to the next value (100, 101, …) and the backend token
 * (encrypted), through saveSiteConfig (validate, temp file, fsync, backup, rename, fsync the
 * folder). Prints `READY`, then `SAVED <n>` after each save returned (written synchronously).
 */
import { readFileSync, writeSync } from 'node:fs';
import { saveSiteConfig } from '../../main/services/maintenance/config-file';
import { createKeyFileBox } from '../../main/services/maintenance/secrets';

const [file, dataDir] = process.argv.slice(2);
if (!file || !dataDir) {
  process.stderr.write('usage: config-crash-child.ts <file> <dataDir>\n');
  process.exit(2);
}
const box = createKeyFileBox(dataDir);
let n = (JSON.parse(readFileSync(file, 'utf8')) as { ui?: { idleTimeoutSeconds?: number } }).ui?.idleTimeoutSeconds ?? 99;
writeSync(1, 'READY\n');
for (;;) {
  n = n >= 3000 ? 100 : n + 1;
  saveSiteConfig(file, { 'ui.idleTimeoutSeconds': n, 'backend.token': `token-number-${n}-xxxxxxxx` }, box);
  writeSync(1, `SAVED ${n}\n`);
}
