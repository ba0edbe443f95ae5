import { EXIT, UsageError, type CliCommand, type CliContext } from '../types';

/** The command list, as printed by `help`, `--help` and no arguments. */
export function helpText(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Kiosk technician tool',
    '',
    'Usage: npm run kiosk -- <command> [arguments]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "npm run kiosk -- help <command>" for the details of one command.',
  ].join('\n');
}

export const helpCommand: CliCommand = {
  name: 'help',
  summary: 'List the commands, or explain one: help [COMMAND]',
  usage: "Usage: npm run kiosk -- help [COMMAND]\n\nWithout COMMAND, lists every command; with it, shows that command's usage.",
  async run(args: string[], ctx: CliContext): Promise<number> {
    const name = args.find((a) => !a.startsWith('-'));
    if (name === undefined) {
      ctx.out(helpText(ctx.commands));
      return EXIT.ok;
    }
    const command = ctx.commands.find((c) => c.name === name);
    if (!command) throw new UsageError(`unknown command "${name}"`);
    ctx.out(command.usage);
    return EXIT.ok;
  },
};
