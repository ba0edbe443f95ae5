/**
 * Shapes shared by the technician CLI (`npm run kiosk -- <command>`). A command is one entry of
 * the table in main/cli/commands/index.ts; adding a command is adding a file there.
 */

/** Where a command writes and what it reads; tests pass their own. */
export interface CliContext {
  /** Normal output (one call per line or block; a newline is added). */
  out(text: string): void;
  /** Errors and notes (a newline is added). */
  err(text: string): void;
  env: Record<string, string | undefined>;
  /** Every command, for `help`. */
  commands: readonly CliCommand[];
}

export interface CliCommand {
  /** What the technician types: `config`, `version`. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full usage text, shown by `help NAME`, `NAME --help` and on a usage error. */
  usage: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: string[], ctx: CliContext): Promise<number>;
}

/** Exit codes of the CLI. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * A mistake in how the command was called. The CLI prints the message and the command's usage
 * (never a stack trace) and exits with EXIT.usage.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function wantsHelp(args: readonly string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}

/**
 * Takes `name VALUE` out of `args` (so what is left are the positional arguments) and returns the
 * value; undefined when the option is absent; a UsageError when it has no value.
 */
export function takeOption(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (!value || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
  args.splice(i, 2);
  return value;
}
