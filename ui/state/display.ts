/**
 * Display modes a resident may turn on for their own session: larger text and high contrast.
 * Both are session signals, so they go back to the default when the session ends (finish, idle,
 * main's session.reset). They are applied as classes on the root element (<html>), where
 * ui/styles.css changes the root font size and the colour variables.
 */
import { effect } from '@preact/signals';
import { sessionSignal } from './app';

export const largeText = sessionSignal(() => false);
export const highContrast = sessionSignal(() => false);

export const LARGE_TEXT_CLASS = 'text-large';
export const HIGH_CONTRAST_CLASS = 'contrast-high';

export function toggleLargeText(): void {
  largeText.value = !largeText.value;
}

export function toggleHighContrast(): void {
  highContrast.value = !highContrast.value;
}

/** Keeps the root element's classes in step with the modes; returns the function that stops it. */
export function installDisplayModes(root: HTMLElement = document.documentElement): () => void {
  return effect(() => {
    root.classList.toggle(LARGE_TEXT_CLASS, largeText.value);
    root.classList.toggle(HIGH_CONTRAST_CLASS, highContrast.value);
  });
}
