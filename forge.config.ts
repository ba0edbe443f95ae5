/**
 * Packaging of the Electron shell (`npm run package`, `npm run make`). Vite builds the main
 * process, the preload and the renderer (the UI); fuses turn off what a kiosk must never allow
 * (running as plain Node, NODE_OPTIONS, --inspect, loading the app from outside the asar).
 */
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import { VitePlugin } from '@electron-forge/plugin-vite';
import { MakerDeb } from '@electron-forge/maker-deb';
import { MakerRpm } from '@electron-forge/maker-rpm';
import { MakerSquirrel } from '@electron-forge/maker-squirrel';
import { MakerZIP } from '@electron-forge/maker-zip';
import type { ForgeConfig } from '@electron-forge/shared-types';
import { FuseV1Options, FuseVersion } from '@electron/fuses';

const config: ForgeConfig = {
  packagerConfig: {
    name: 'vn-public-service-kiosk',
    executableName: 'vn-public-service-kiosk',
    // Native modules (better-sqlite3) cannot load from inside the asar.
    asar: { unpack: '**/*.node' },
  },
  rebuildConfig: {},
  makers: [new MakerSquirrel({}), new MakerZIP({}, ['darwin', 'linux']), new MakerDeb({ options: { categories: ['Utility'] } }), new MakerRpm({})],
  plugins: [
    new VitePlugin({
      build: [
        { entry: 'main/shell/electron/main.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'main/shell/electron/preload.ts', config: 'vite.preload.config.ts', target: 'preload' },
      ],
      renderer: [{ name: 'main_window', config: 'vite.renderer.config.ts' }],
    }),
    new FusesPlugin({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    }),
  ],
};

export default config;
