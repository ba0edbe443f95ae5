/**
 * Vite config of the Electron renderer: the UI's own config (ui/vite.config.ts) with forge's
 * output folder (.vite/renderer/main_window), which the Electron main serves as app://kiosk/.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';
import ui from './ui/vite.config';

const uiConfig = ui as UserConfig;
const { outDir: _outDir, emptyOutDir: _empty, ...uiBuild } = uiConfig.build ?? {};

export default defineConfig({
  ...uiConfig,
  build: {
    ...uiBuild,
    outDir: fileURLToPath(new URL('./.vite/renderer/main_window', import.meta.url)),
    emptyOutDir: true,
  },
});
