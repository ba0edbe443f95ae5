/** Language signal and `t(key, params)`. Reading `t` inside a component subscribes it to the language. */
import { signal } from '@preact/signals';
import type { Language } from '../../main/ipc/contract';
import { en } from './en';
import { vi, type MessageKey } from './vi';

export type { MessageKey } from './vi';
export * from './format';

export const dictionaries: Record<Language, Record<MessageKey, string>> = { vi, en };

export const lang = signal<Language>('vi');

export function setLanguage(l: Language): void {
  lang.value = l;
}

export function toggleLanguage(): void {
  lang.value = lang.value === 'vi' ? 'en' : 'vi';
}

export type Params = Record<string, string | number>;

/** Fills `{name}` placeholders; unknown placeholders are left as they are. */
export function interpolate(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole));
}

export function translate(language: Language, key: MessageKey, params?: Params): string {
  const text = dictionaries[language][key] ?? dictionaries.vi[key] ?? key;
  return interpolate(text, params);
}

export function t(key: MessageKey, params?: Params): string {
  return translate(lang.value, key, params);
}
