import { commands as allCommands } from './commands/index';
import { helpText } from './commands/help';
import { EXIT, UsageError, wantsHelp, type CliCommand, type CliContext } from './types';

export interface RunOptions {
  out?: (text: string) => void;
  err?: (text: string) => void;
  env?: Record<string, string | undefined>;
  commands?: readonly CliCommand[];
}

/**
 * Runs the CLI with `argv` (the arguments after the script name) and resolves to the exit code.
 * Never throws and never prints a stack trace for a user error; set KIOSK_DEBUG=1 to see the
 * stack of an unexpected error.
 */
export async function runCli(argv: readonly string[], options: RunOptions = {}): Promise<number> {
  const commands = options.commands ?? allCommands;
  const ctx: CliContext = {
    out: options.out ?? ((t) => process.stdout.write(`${t}\n`)),
    err: options.err ?? ((t) => process.stderr.write(`${t}\n`)),
    env: options.env ?? process.env,
    commands,
  };
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    ctx.out(helpText(commands));
    return EXIT.ok;
  }
  if (name === '--version' || name === '-v') return runCli(['version', ...args], options);
  const command = commands.find((c) => c.name === name);
  if (!command) {
    ctx.err(`Unknown command "${name}".\n`);
    ctx.err(helpText(commands));
    return EXIT.usage;
  }
  try {
    if (command.name !== 'help' && wantsHelp(args)) {
      ctx.out(command.usage);
      return EXIT.ok;
    }
    return await command.run(args, ctx);
  } catch (e) {
    if (e instanceof UsageError) {
      ctx.err(`Error: ${e.message}\n`);
      ctx.err(command.usage);
      return EXIT.usage;
    }
    const message = e instanceof Error ? e.message : String(e);
    ctx.err(`Error: ${name} failed: ${message}`);
    if (ctx.env.KIOSK_DEBUG && e instanceof Error && e.stack) ctx.err(e.stack);
    return EXIT.failed;
  }
}
