/** drivers/scanner transports: the real I/O (Node only; the pure layers are in ../index.ts). */
export * from './common';
export * from './serial';
export * from './hid';
