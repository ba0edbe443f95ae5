/**
 * The technician CLI: `npm run kiosk -- <command>` (tsx main/cli/index.ts). Commands live in
 * main/cli/commands/; `help` lists them.
 */
import { runCli } from './run';

process.exitCode = await runCli(process.argv.slice(2));
