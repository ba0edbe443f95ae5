/** drivers/scanner: pure protocol layers and the simulator. Transports (serialport, node-hid) come later. */
export * from './types';
export * from './protocol/aim';
export * from './protocol/clock';
export * from './protocol/framer';
export * from './protocol/hidpos';
export * from './protocol/text';
export * from './protocol/wedge';
export * from './simulator';
