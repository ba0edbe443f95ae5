/**
 * The Chromium profile's own lockdown prefs (main/shell/chromium/profile.ts): what is written, that
 * what Chromium wrote before is kept while ours win, that a broken file is replaced, and the check
 * that tells a technician the managed policy is not installed. The e2e suite
 * (test/e2e/breakout.test.ts) proves the prefs work in Chromium with real keys.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_STATE, lockDownProfile, mergePrefs, missingPolicyKeys, PROFILE_PREFERENCES } from '../../main/shell/chromium/profile';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'profile-test-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const readJson = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as Record<string, Record<string, unknown>>;

describe('the profile lockdown prefs', () => {
  it('turn off each link of the breakout chain', () => {
    expect(LOCAL_STATE.select_file_dialogs).toEqual({ allowed: false });
    expect(LOCAL_STATE.task_manager).toEqual({ end_process_enabled: false });
    expect(PROFILE_PREFERENCES.translate).toEqual({ enabled: false });
    expect(PROFILE_PREFERENCES.printing).toMatchObject({ enabled: false });
    expect(PROFILE_PREFERENCES.download_restrictions).toBe(3);
    expect(PROFILE_PREFERENCES.credentials_enable_service).toBe(false);
    expect(PROFILE_PREFERENCES.autofill).toMatchObject({ profile_enabled: false, credit_card_enabled: false });
    expect(PROFILE_PREFERENCES.browser).toMatchObject({ enable_spellchecking: false });
    expect(PROFILE_PREFERENCES.signin).toMatchObject({ allowed: false });
    expect(PROFILE_PREFERENCES.incognito).toEqual({ mode_availability: 1 });
  });

  it('writes Local State and Default/Preferences into a new profile folder', async () => {
    const dir = join(tempDir(), 'fresh');
    await lockDownProfile(dir);
    expect(readJson(join(dir, 'Local State'))).toEqual(LOCAL_STATE);
    expect(readJson(join(dir, 'Default', 'Preferences'))).toEqual(PROFILE_PREFERENCES);
  });

  it('keeps what Chromium wrote before, and ours win where both speak', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'Default'));
    writeFileSync(
      join(dir, 'Default', 'Preferences'),
      JSON.stringify({ translate: { enabled: true, other: 1 }, window_placement: { top: 3 }, printing: { enabled: true } }),
    );
    writeFileSync(join(dir, 'Local State'), JSON.stringify({ task_manager: { end_process_enabled: true, window_placement: { left: 1 } } }));
    await lockDownProfile(dir);
    const prefs = readJson(join(dir, 'Default', 'Preferences'));
    expect(prefs.translate).toEqual({ enabled: false, other: 1 });
    expect(prefs.window_placement).toEqual({ top: 3 });
    expect(prefs.printing).toMatchObject({ enabled: false });
    expect(readJson(join(dir, 'Local State')).task_manager).toEqual({ end_process_enabled: false, window_placement: { left: 1 } });
  });

  it('replaces a broken Preferences file (Chromium killed while writing) instead of failing', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'Default'));
    writeFileSync(join(dir, 'Default', 'Preferences'), '{"translate": {"enab');
    writeFileSync(join(dir, 'Local State'), '[1,2]');
    await lockDownProfile(dir);
    expect(readJson(join(dir, 'Default', 'Preferences'))).toEqual(PROFILE_PREFERENCES);
    expect(readJson(join(dir, 'Local State'))).toEqual(LOCAL_STATE);
  });

  it('merges objects deeply and replaces arrays and scalars', () => {
    expect(mergePrefs({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, d: { e: true } })).toEqual({ a: { b: 1, c: [3] }, d: { e: true } });
  });
});

describe('the managed policy check', () => {
  const expected = JSON.parse(readFileSync(join(import.meta.dirname, '../../deploy/chromium/kiosk-policy.json'), 'utf8')) as Record<string, unknown>;

  it('lists every key when no policy folder exists', () => {
    expect(missingPolicyKeys(expected, join(tempDir(), 'none'))).toEqual(Object.keys(expected));
  });

  it('finds the shipped policy installed, across files, and ignores a broken file', () => {
    const dir = tempDir();
    const keys = Object.keys(expected);
    const half = Math.ceil(keys.length / 2);
    writeFileSync(join(dir, 'a.json'), JSON.stringify(Object.fromEntries(keys.slice(0, half).map((k) => [k, expected[k]]))));
    writeFileSync(join(dir, 'b.json'), JSON.stringify(Object.fromEntries(keys.slice(half).map((k) => [k, expected[k]]))));
    writeFileSync(join(dir, 'c.json'), '{ broken');
    writeFileSync(join(dir, 'notes.txt'), '{"PrintingEnabled": true}');
    expect(missingPolicyKeys(expected, dir)).toEqual([]);
  });

  it('names a key whose value differs', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'kiosk.json'), JSON.stringify({ ...expected, PrintingEnabled: true }));
    expect(missingPolicyKeys(expected, dir)).toEqual(['PrintingEnabled']);
  });
});
