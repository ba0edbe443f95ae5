/**
 * The queue's routes in the sandbox's OpenAPI document (issue 13): every route of
 * docs/service-center.md's queue table is there, and the documented examples work as documented
 * against the same sandbox.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Appointment, Lease, LeaseReport, LeaseRequest, QueueEvent, QueueTicket, TicketRequest, TransferRequest } from '../../main/api/queue';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { http, QUEUE_TOKEN } from '../support/queue';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
let sb: Sandbox;
let doc: any;
beforeAll(async () => {
  sb = await startSandbox({ tokens: [QUEUE_TOKEN], log: () => {} });
  doc = (await http(sb.url).get('/openapi.json')).body;
});
afterAll(() => sb.close());

const QUEUE_ROUTES_IN_DOCS = readFileSync(join(ROOT, 'docs/service-center.md'), 'utf8')
  .split('\n')
  .map((l) => /^\| `(GET|POST) (\/(?:queue|appointments)[^`]*)`/.exec(l))
  .filter((m): m is RegExpExecArray => m !== null)
  .flatMap((m) => {
    // `POST /queue/counters/{n}/open`, `/close` lists two routes on one line.
    const [, method, path] = m;
    const more = [...m.input.matchAll(/, `(\/[a-z-]+)`/g)].map((x) => path!.replace(/\/[a-z-]+$/, x[1]!));
    return [`${method} /api/v1${path}`, ...more.map((p) => `${method} /api/v1${p}`)];
  });

describe('the OpenAPI document', () => {
  it('lists every queue route of docs/service-center.md, tagged queue', () => {
    expect(QUEUE_ROUTES_IN_DOCS.length).toBeGreaterThanOrEqual(15);
    for (const r of QUEUE_ROUTES_IN_DOCS) {
      const [method, path] = r.split(' ') as [string, string];
      const op = doc.paths[path]?.[method.toLowerCase()];
      expect(op, r).toBeDefined();
      expect(op.tags).toEqual(['queue']);
    }
  });

  it('documents the events as text/event-stream with a QueueEvent example', () => {
    const ok = doc.paths['/api/v1/queue/events'].get.responses['200'].content;
    expect(Object.keys(ok)).toEqual(['text/event-stream']);
    expect(() => QueueEvent.parse(ok['text/event-stream'].example)).not.toThrow();
  });

  it('has request examples that work as documented', async () => {
    const api = http(sb.url);
    const example = (path: string) => doc.paths[path].post.requestBody.content['application/json'].example;
    const ticketBody = TicketRequest.parse(example('/api/v1/queue/tickets'));
    const ticket = await api.issue(ticketBody);
    expect(ticket.status).toBe(201);
    const documented = QueueTicket.parse(doc.paths['/api/v1/queue/tickets'].post.responses['201'].content['application/json'].example);
    expect(QueueTicket.parse(ticket.body)).toMatchObject({
      serviceId: documented.serviceId,
      serviceName: documented.serviceName,
      day: documented.day,
      state: 'waiting',
    });

    const leaseBody = LeaseRequest.parse(example('/api/v1/queue/leases'));
    const lease = await api.post('/api/v1/queue/leases', leaseBody, { 'idempotency-key': 'doc-lease', 'x-kiosk-id': 'KIOSK.DEMO.01' });
    expect(lease.status).toBe(201);
    expect(Lease.parse(lease.body)).toMatchObject({ serviceId: leaseBody.serviceId, last: Lease.parse(lease.body).first + leaseBody.size - 1 });
    // The report example names the example lease's first number; sent for the real lease's first, it is accepted.
    const reportBody = LeaseReport.parse(example('/api/v1/queue/leases/{id}/report'));
    const first = Lease.parse(lease.body).first;
    const report = await api.post(
      `/api/v1/queue/leases/${lease.body.id}/report`,
      { ...reportBody, issued: reportBody.issued.map((t) => ({ ...t, number: first })) },
      { 'idempotency-key': 'doc-report', 'x-kiosk-id': 'KIOSK.DEMO.01' },
    );
    expect(report.status).toBe(200);

    const appointment = Appointment.parse(doc.paths['/api/v1/appointments/{code}'].get.responses['200'].content['application/json'].example);
    expect((await api.get(`/api/v1/appointments/${appointment.code}`)).body).toEqual(appointment);

    expect(() => TransferRequest.parse(example('/api/v1/queue/counters/{n}/transfer'))).not.toThrow();
  });
});
