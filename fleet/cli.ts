/**
 * `npm run fleet -- --broker mqtt://127.0.0.1:1883 [--port 8788] [--host 127.0.0.1]
 *   [--prefix kiosk] [--key operator.pem] [--operator id] [--stale-seconds 180]
 *   [--username u --password p] [--ca ca.pem]`
 *
 * Also `npm run fleet -- keygen`: a new operator key pair (the private key to a file given with
 * --out, the public key printed for the kiosks' `fleet.operatorKeys`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateTechnicianKeys } from '../main/services/maintenance/token';
import { startFleetConsole } from './server';

const USAGE =
  'usage: npm run fleet -- --broker mqtt://host:1883 [--port 8788] [--host 127.0.0.1] [--prefix kiosk] [--key operator.pem] [--operator id] [--stale-seconds 180]\n       npm run fleet -- keygen --out operator.pem';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      broker: { type: 'string' },
      port: { type: 'string', default: '8788' },
      host: { type: 'string', default: '127.0.0.1' },
      prefix: { type: 'string', default: 'kiosk' },
      key: { type: 'string' },
      operator: { type: 'string', default: process.env.USER ?? 'operator' },
      'stale-seconds': { type: 'string', default: '180' },
      username: { type: 'string' },
      password: { type: 'string' },
      ca: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals[0] === 'keygen') {
    if (!values.out) throw new Error('keygen needs --out <file> for the private key');
    const k = generateTechnicianKeys();
    writeFileSync(values.out, k.privateKeyPem, { mode: 0o600, flag: 'wx' });
    process.stdout.write(`private key written to ${values.out} (keep it secret)\npublic key for the kiosks' fleet.operatorKeys:\n${k.publicKey}\n`);
    return 0;
  }
  if (!values.broker) throw new Error('--broker is required');
  const port = Number(values.port);
  const stale = Number(values['stale-seconds']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port ${values.port}: not a port number`);
  if (!(stale > 0)) throw new Error(`--stale-seconds ${values['stale-seconds']}: must be a positive number`);
  const console_ = await startFleetConsole({
    brokerUrl: values.broker,
    port,
    host: values.host,
    prefix: values.prefix,
    operator: values.operator,
    staleMs: stale * 1000,
    privateKeyPem: values.key ? readFileSync(values.key, 'utf8') : undefined,
    username: values.username,
    password: values.password,
    caFile: values.ca,
  });
  process.stdout.write(`fleet console at ${console_.url}\n`);
  const stop = () => void console_.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`fleet: ${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    process.exit(2);
  },
);
