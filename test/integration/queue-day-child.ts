/**
 * Child of queue-numbering.test.ts: runs a sandbox whose clock walks through the instants given
 * as JSON in argv[2], issues one ticket of `ho-tich` at each, and prints what it got as JSON,
 * with the process's own idea of the time zone (the test runs it under several TZ values).
 */
import { startSandbox } from '../../sandbox/server';

const instants = JSON.parse(process.argv[2] ?? '[]') as string[];
let t = new Date(instants[0] ?? Date.now());
const sb = await startSandbox({ tokens: ['child'], now: () => t, log: () => {} });
const out: { at: string; number: string; day: string; issuedAt: string; servicesDay: string }[] = [];
try {
  for (const at of instants) {
    t = new Date(at);
    const res = await fetch(`${sb.url}/api/v1/queue/tickets`, {
      method: 'POST',
      headers: { authorization: 'Bearer child', 'content-type': 'application/json', 'idempotency-key': `k-${at}`, 'x-kiosk-id': 'CHILD' },
      body: JSON.stringify({ serviceId: 'ho-tich' }),
    });
    const ticket = (await res.json()) as { number: string; day: string; issuedAt: string };
    const services = (await (await fetch(`${sb.url}/api/v1/queue/services`, { headers: { authorization: 'Bearer child' } })).json()) as {
      center: { day: string };
    };
    out.push({ at, number: ticket.number, day: ticket.day, issuedAt: ticket.issuedAt, servicesDay: services.center.day });
  }
} finally {
  await sb.close();
}
process.stdout.write(`${JSON.stringify({ tz: process.env.TZ, offsetMinutes: new Date('2026-07-01T12:00:00Z').getTimezoneOffset(), out })}\n`);
