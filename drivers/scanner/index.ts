/** drivers/scanner: pure protocol layers and the simulator (no Node). The transports (serialport, node-hid) are in ./transports. */
export * from './types';
export * from './protocol/aim';
export * from './protocol/clock';
export * from './protocol/framer';
export * from './protocol/hidpos';
export * from './protocol/text';
export * from './simulator';
