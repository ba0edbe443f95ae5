/**
 * The few globals common/ uses that every runtime it runs in has (browsers, Node 16+), declared
 * here because common/ is type-checked with neither the DOM's types nor Node's (tsconfig.common.json).
 */
declare function atob(data: string): string;
declare function btoa(data: string): string;
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}
