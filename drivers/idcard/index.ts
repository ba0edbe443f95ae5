/**
 * The CCCD / eMRTD card-reader driver: protocol (pure), transports (PC/SC, serial MRZ reader),
 * the read state machine, passive authentication, identity assembly and the simulator.
 */
export * from './errors';
export * from './keys';
export * from './reader';
export * from './passive-auth';
export * from './face';
export type { FaceImage, FaceImageFormat } from './protocol/dg';
export * from './identity';
export * from './transport/types';
export { createPcscTransport, pcscError } from './transport/pcsc';
export {
  createSimulatedReader,
  createDemoCard,
  VirtualChip,
  DEMO_PERSON,
  type SimulatedReader,
  type SimulatedFault,
  type DemoCard,
  type VirtualChipOptions,
} from './simulator';
