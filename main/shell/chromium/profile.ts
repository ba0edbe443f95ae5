/**
 * The Chromium profile the kiosk runs in, locked down by its own preference files before
 * Chromium starts, so that the breakout chain stays closed without the managed policy
 * (deploy/chromium/kiosk-policy.json stays the deployment's belt and braces).
 *
 * Chromium reads two JSON files at start-up:
 * - `<profile>/Local State` (browser-wide): file-selection dialogs (Open, Save as, "Print to file")
 *   and the Task Manager's "End process".
 * - `<profile>/Default/Preferences` (the profile): translation, printing, downloads, password
 *   saving, autofill, spell-check, sign-in, incognito, notifications and the accepted languages.
 *
 * The pref names are those the corresponding managed policies map to in Chromium's
 * policy_templates (e.g. TranslateEnabled → `translate.enabled`, AllowFileSelectionDialogs →
 * `select_file_dialogs.allowed`, TaskManagerEndProcessEnabled → `task_manager.end_process_enabled`).
 * Chromium only protects ("tracks") a few prefs with a MAC, and not on Linux, so the values written
 * here are the values it uses. test/e2e/breakout.test.ts proves, with real keys under a real X
 * server and no help from the page, that the translate bubble, the file dialogs (Open, Save as),
 * printing and the Task Manager's End process are off. Password saving, autofill, spell-check,
 * sign-in and incognito are set the same way; no test shows them yet.
 *
 * What a profile file cannot do: turn DevTools off (`devtools.availability` = 2 also closes the
 * DevTools-protocol pipe the Chromium shell itself drives; the keys are swallowed instead).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Browser-wide prefs (`Local State`). */
export const LOCAL_STATE: JsonObject = {
  // AllowFileSelectionDialogs=false: Ctrl+O, Ctrl+S and "Print to file" open no file dialog.
  select_file_dialogs: { allowed: false },
  // TaskManagerEndProcessEnabled=false: the Task Manager (if it ever opens) cannot kill the page.
  task_manager: { end_process_enabled: false },
  // No flags from chrome://flags, no metrics, no crash-report consent prompt.
  browser: { enabled_labs_experiments: [] },
  user_experience_metrics: { reporting_enabled: false },
};

/** Profile prefs (`Default/Preferences`). */
export const PROFILE_PREFERENCES: JsonObject = {
  // TranslateEnabled=false, and Vietnamese as an accepted language: no translate bubble (it took
  // the keyboard focus from the page, and from there every browser shortcut worked).
  translate: { enabled: false },
  translate_blocked_languages: ['vi', 'en'],
  intl: { accept_languages: 'vi-VN,vi,en-US,en', selected_languages: 'vi-VN,vi,en-US,en' },
  // PrintingEnabled=false: Ctrl+P and window.print() print nothing (receipts go to ESC/POS).
  printing: { enabled: false, print_preview_sticky_settings: {} },
  // DownloadRestrictions=3: every download is blocked; never ask where to save.
  download_restrictions: 3,
  download: { prompt_for_download: false, directory_upgrade: true },
  savefile: { type: 0 },
  // PasswordManagerEnabled=false and no autofill (a resident's name must never be offered to the next one).
  credentials_enable_service: false,
  credentials_enable_autosignin: false,
  profile: {
    password_manager_enabled: false,
    // Notifications, geolocation and the rest: blocked (the shell also denies every permission).
    default_content_setting_values: { notifications: 2, geolocation: 2, popups: 2, automatic_downloads: 2, clipboard: 2 },
    exit_type: 'Normal',
    exited_cleanly: true,
  },
  autofill: { enabled: false, profile_enabled: false, credit_card_enabled: false },
  // SpellcheckEnabled=false: no red underline, no spelling menu.
  browser: { enable_spellchecking: false, check_default_browser: false, show_home_button: false },
  spellcheck: { use_spelling_service: false, dictionaries: [] },
  // BrowserSignin=0, SyncDisabled, IncognitoModeAvailability=1.
  signin: { allowed: false, allowed_on_next_startup: false },
  sync: { requested: false },
  incognito: { mode_availability: 1 },
  // No "search with Google" on errors, no prediction traffic, no Safe Browsing prompts.
  alternate_error_pages: { enabled: false },
  net: { network_prediction_options: 2 },
  search: { suggest_enabled: false },
  bookmark_bar: { show_on_all_tabs: false },
};

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge where `ours` wins; what Chromium wrote before (window placement, caches) stays. */
export function mergePrefs(existing: JsonObject, ours: JsonObject): JsonObject {
  const out: JsonObject = { ...existing };
  for (const [k, v] of Object.entries(ours)) {
    const prev = out[k];
    out[k] = isObject(v) && isObject(prev) ? mergePrefs(prev, v) : v;
  }
  return out;
}

async function readJson(path: string): Promise<JsonObject> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Json;
    return isObject(parsed) ? parsed : {};
  } catch {
    // Missing or unreadable (Chromium killed while writing it): start from ours alone.
    return {};
  }
}

async function writeJsonAtomically(path: string, value: JsonObject): Promise<void> {
  const tmp = `${path}.kiosk-tmp`;
  await writeFile(tmp, JSON.stringify(value), { mode: 0o600 });
  await rename(tmp, path);
}

/**
 * Writes the kiosk's prefs into a Chromium user-data folder (created when missing), merged over
 * what is there. Call it before every launch: Chromium rewrites these files while it runs.
 */
export async function lockDownProfile(userDataDir: string): Promise<void> {
  await mkdir(join(userDataDir, 'Default'), { recursive: true, mode: 0o700 });
  const localState = join(userDataDir, 'Local State');
  const prefs = join(userDataDir, 'Default', 'Preferences');
  await writeJsonAtomically(localState, mergePrefs(await readJson(localState), LOCAL_STATE));
  await writeJsonAtomically(prefs, mergePrefs(await readJson(prefs), PROFILE_PREFERENCES));
}

/** Where Debian's Chromium reads managed policies. */
export const MANAGED_POLICY_DIR = '/etc/chromium/policies/managed';

/**
 * Whether the deployment's managed policy is installed: some JSON file in the policy folder sets
 * every key of deploy/chromium/kiosk-policy.json to the same value. Returns the keys that are
 * missing or different (empty: installed).
 */
export function missingPolicyKeys(expected: Record<string, unknown>, dir: string = MANAGED_POLICY_DIR): string[] {
  const found: Record<string, unknown> = {};
  if (existsSync(dir)) {
    let names: string[] = [];
    try {
      names = readdirSync(dir)
        .filter((n) => n.endsWith('.json'))
        .sort();
    } catch {
      names = [];
    }
    for (const name of names) {
      try {
        const v = JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown;
        if (v && typeof v === 'object' && !Array.isArray(v)) Object.assign(found, v);
      } catch {
        /* Chromium ignores a broken policy file too */
      }
    }
  }
  return Object.keys(expected).filter((k) => JSON.stringify(found[k]) !== JSON.stringify(expected[k]));
}
