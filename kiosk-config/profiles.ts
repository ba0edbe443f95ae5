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
};

/** The home tiles of a profile (a fresh array: callers may keep or change it). */
export function profileTiles(profile: ProfileName): TileId[] {
  return [...PROFILE_TILES[profile]];
}

/** The partial config of a profile (a deep copy: callers may change it). */
export function profileConfig(profile: ProfileName): KioskConfigInput {
  return structuredClone(PROFILES[profile]) as KioskConfigInput;
}
