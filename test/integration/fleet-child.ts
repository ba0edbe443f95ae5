/**
 * A kiosk's fleet reporter in a child process (fleet-commands.test.ts kills it with SIGKILL to see
 * the broker publish its last will). Args: brokerUrl kioskId site. Prints "connected" once the
 * broker accepted it.
 */
import { simKiosk } from './fleet-sim';

const [brokerUrl, id, site] = process.argv.slice(2) as [string, string, string];
const k = simKiosk({ brokerUrl, id, site });
const timer = setInterval(() => {
  if (k.fleet.stats().connected) {
    clearInterval(timer);
    process.stdout.write('connected\n');
  }
}, 20);
