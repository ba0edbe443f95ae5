// pino-roll ships no types: the part of its API main/log-file.ts uses.
declare module 'pino-roll' {
  import type { Writable } from 'node:stream';
  interface RollStream extends Writable {
    flush(cb?: (err?: Error) => void): void;
  }
  interface RollOptions {
    file: string | (() => string);
    size?: number | string;
    frequency?: number | string;
    extension?: string;
    symlink?: boolean;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    dateFormat?: string;
    mkdir?: boolean;
    sync?: boolean;
  }
  export default function build(options: RollOptions): Promise<RollStream>;
}
