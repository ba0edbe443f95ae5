/**
 * Every command of the technician CLI, in the order `help` lists them. To add one, write
 * main/cli/commands/NAME.ts exporting a CliCommand and add it here.
 */
import type { CliCommand } from '../types';
import { cardCommand } from './card';
import { configCommand } from './config';
import { helpCommand } from './help';
import { outboxCommand } from './outbox';
import { printCommand } from './print';
import { proceduresCommand } from './procedures';
import { scanCommand } from './scan';
// issue 12: a submission without the screen
import { submitCommand } from './submit';
import { versionCommand } from './version';
// maintenance mode (issue 14)
import { maintenanceCommand } from './maintenance';
import { auditCommand, devicesCommand, logsCommand } from './site';
import { paymentsCommand } from './payments'; // payments (issue 12)
import { queueCommand } from './queue'; // queue (issue 13)

export const commands: readonly CliCommand[] = [
  helpCommand,
  versionCommand,
  configCommand,
  printCommand,
  scanCommand,
  cardCommand,
  outboxCommand,
  proceduresCommand,
  // maintenance mode (issue 14)
  maintenanceCommand,
  devicesCommand,
  logsCommand,
  auditCommand,
  paymentsCommand, // payments (issue 12)
  queueCommand, // queue (issue 13)
  // issue 12
  submitCommand,
];
