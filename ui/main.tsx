import '@fontsource/be-vietnam-pro/400.css';
import '@fontsource/be-vietnam-pro/600.css';
import '@fontsource/be-vietnam-pro/700.css';
import './styles.css';
import { effect } from '@preact/signals';
import { render } from 'preact';
import { App } from './App';
import { log } from './bridge';
import { lang } from './i18n';

effect(() => {
  document.documentElement.lang = lang.value;
});

window.addEventListener('error', (e) => {
  log('error', `window error: ${e.message} at ${e.filename}:${e.lineno}`);
});
window.addEventListener('unhandledrejection', (e) => {
  const r: unknown = e.reason;
  log('error', `unhandled rejection: ${r instanceof Error ? `${r.name}: ${r.message}` : String(r)}`);
});
// A kiosk has no context menu.
window.addEventListener('contextmenu', (e) => e.preventDefault());

const root = document.getElementById('root');
if (root) render(<App />, root);
