/**
 * Site profiles: partial configs laid over the built-in defaults, under the site file
 * (kiosk-config/loader.ts). A profile names what kind of place the kiosk stands in; the site
 * file then says which building, which backend, which devices.
 *
 * This folder imports zod and nothing else of ours (DESIGN.md import rules).
 */
import type { KioskConfigInput, ProfileName, TileId } from './schema';

/** Home tiles of each profile, in screen order. */
export const PROFILE_TILES: Readonly<Record<ProfileName, readonly TileId[]>> = {
  apartment: ['lookup', 'procedures', 'submit', 'payment', 'announcements'],
  'service-center': ['queue', 'lookup', 'procedures', 'submit', 'payment', 'rating', 'announcements'],
  // The hall display and the counter show no home screen; the tile list is not used.
  display: ['announcements'],
  counter: ['announcements'],
};

/** Each profile as a partial config (every key optional, nested). */
export const PROFILES: Readonly<Record<ProfileName, KioskConfigInput>> = {
  apartment: {
    profile: 'apartment',
    ui: { idleTimeoutSeconds: 90, tiles: [...PROFILE_TILES.apartment] },
  },
  'service-center': {
    profile: 'service-center',
    siteName: 'Trung tâm Phục vụ hành chính công',
    ui: { idleTimeoutSeconds: 120, tiles: [...PROFILE_TILES['service-center']] },
  },
  // The hall's TV (landscape): no resident session, no idle timeout, no attract loop; no devices.
  display: {
    profile: 'display',
    siteName: 'Trung tâm Phục vụ hành chính công',
    ui: { tiles: [...PROFILE_TILES.display] },
    shell: { width: 1920, height: 1080 },
    devices: { scanner: { kind: 'none' }, printer: { kind: 'none' }, cardReader: { kind: 'none' } },
  },
  // The officer's small screen at a counter (e.g. 1024x600); counter.number comes from the site file.
  counter: {
    profile: 'counter',
    siteName: 'Trung tâm Phục vụ hành chính công',
    ui: { tiles: [...PROFILE_TILES.counter] },
    shell: { width: 1024, height: 600 },
    devices: { scanner: { kind: 'none' }, printer: { kind: 'none' }, cardReader: { kind: 'none' } },
  },
};

/** The home tiles of a profile (a fresh array: callers may keep or change it). */
export function profileTiles(profile: ProfileName): TileId[] {
  return [...PROFILE_TILES[profile]];
}

/** The partial config of a profile (a deep copy: callers may change it). */
export function profileConfig(profile: ProfileName): KioskConfigInput {
  return structuredClone(PROFILES[profile]) as KioskConfigInput;
}
