/**
 * The kiosk's database: `<dataDir>/kiosk.db`, opened with the kiosk's migrations.
 */
import { join, resolve } from 'node:path';
import { openStore, type Store } from './db';
import { MIGRATIONS } from './migrations';

export { StoreError, classifySqliteError, openStore, type Migration, type Store, type StoreErrorKind } from './db';
export { MIGRATIONS } from './migrations';

export function kioskDbFile(dataDir: string): string {
  return join(resolve(dataDir), 'kiosk.db');
}

export function outboxFilesDir(dataDir: string): string {
  return join(resolve(dataDir), 'outbox-files');
}

export function openKioskStore(dataDir: string, options: { busyTimeoutMs?: number | undefined } = {}): Store {
  return openStore({ file: kioskDbFile(dataDir), migrations: MIGRATIONS, busyTimeoutMs: options.busyTimeoutMs });
}
