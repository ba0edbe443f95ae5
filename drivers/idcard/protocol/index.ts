/** ICAO 9303 eMRTD protocol layer for the Vietnamese CCCD: pure functions over bytes, no I/O. */
export * from './errors';
export * from './bytes';
export * from './crypto';
export * from './tlv';
export * from './mrz';
export * from './bac';
export * from './sm';
export * from './apdu';
export * from './dg';
