/**
 * Secrets in the site config file (today: `backend.token`) are stored encrypted, never in clear:
 *
 * - Chromium shell: AES-256-GCM with a 32-byte key in `<dataDir>/config.key`, created with mode
 *   0600 (readable by the kiosk's user only). Value: `enc:kf1:<iv>:<tag>:<ciphertext>` (base64url).
 * - Electron shell: Electron's `safeStorage` (OS keyring) behind the same interface, value
 *   `enc:ss1:<base64>`. UNTESTED here: Electron's binary cannot run on the build machines.
 *
 * Main decrypts once at start (`revealSecrets`); the UI and the CLI never get the value back.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface SecretBox {
  readonly kind: 'keyfile' | 'safeStorage';
  encrypt(plain: string): string;
  decrypt(stored: string): string;
}

export function isEncrypted(value: string): boolean {
  return /^enc:(kf1|ss1):/.test(value);
}

export function keyFilePath(dataDir: string): string {
  return join(resolve(dataDir), 'config.key');
}

function loadOrCreateKey(file: string): Buffer {
  mkdirSync(dirname(file), { recursive: true });
  try {
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, randomBytes(32));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const fd = openSync(file, 'r');
  try {
    const st = fstatSync(fd);
    // Someone loosened the mode: tighten it again (the key must stay the kiosk user's only).
    if ((st.mode & 0o077) !== 0) chmodSync(file, 0o600);
  } finally {
    closeSync(fd);
  }
  const key = readFileSync(file);
  if (key.length !== 32) throw new Error(`${file} is not a 32-byte key`);
  return key;
}

/** The Chromium shell's secret box: a key file readable by the kiosk's user only (0600). */
export function createKeyFileBox(dataDir: string): SecretBox {
  const file = keyFilePath(dataDir);
  let key: Buffer | undefined;
  const k = () => (key ??= loadOrCreateKey(file));
  return {
    kind: 'keyfile',
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', k(), iv);
      const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return `enc:kf1:${iv.toString('base64url')}:${c.getAuthTag().toString('base64url')}:${ct.toString('base64url')}`;
    },
    decrypt(stored) {
      const m = /^enc:kf1:([A-Za-z0-9_-]+):([A-Za-z0-9_-]+):([A-Za-z0-9_-]*)$/.exec(stored);
      if (!m) throw new Error('not a key-file secret');
      const d = createDecipheriv('aes-256-gcm', k(), Buffer.from(m[1]!, 'base64url'));
      d.setAuthTag(Buffer.from(m[2]!, 'base64url'));
      return Buffer.concat([d.update(Buffer.from(m[3]!, 'base64url')), d.final()]).toString('utf8');
    },
  };
}

/** What the Electron shell passes in (Electron's `safeStorage`), as an interface: UNTESTED here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export function createSafeStorageBox(safeStorage: SafeStorageLike): SecretBox {
  return {
    kind: 'safeStorage',
    encrypt: (plain) => `enc:ss1:${safeStorage.encryptString(plain).toString('base64')}`,
    decrypt(stored) {
      if (!stored.startsWith('enc:ss1:')) throw new Error('not a safeStorage secret');
      return safeStorage.decryptString(Buffer.from(stored.slice(8), 'base64'));
    },
  };
}

/** The config with its secrets decrypted, for main's own use (never sent to the UI). */
export function revealSecrets<C extends { backend: { token: string }; dataDir: string }>(config: C, box?: SecretBox): C {
  if (!isEncrypted(config.backend.token)) return config;
  const b = box ?? createKeyFileBox(config.dataDir);
  return { ...config, backend: { ...config.backend, token: b.decrypt(config.backend.token) } };
}
