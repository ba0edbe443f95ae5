/**
 * The page a queue ticket's QR opens on a phone (sandbox/queue/track.ts), over real HTTP: on the
 * sandbox's own origin unless the center names another, no token, the place in the queue while
 * waiting, the counter once called, a 404 page for an unknown id, and no script allowed.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { QueueTicket } from '../../main/api/queue';
import { startSandbox, type Sandbox } from '../../sandbox/server';

const TOKEN = 'queue-track-token';
let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ tokens: [TOKEN], log: () => {} });
});
afterAll(async () => {
  await sb?.close();
});

async function issue(key: string): Promise<QueueTicket> {
  const r = await fetch(`${sb.url}/api/v1/queue/tickets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'idempotency-key': key, 'x-kiosk-id': 'K-TRACK' },
    body: JSON.stringify({ serviceId: 'chung-thuc' }),
  });
  expect(r.status).toBe(201);
  return QueueTicket.parse(await r.json());
}

const text = (html: string) => html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ');

it('a waiting ticket: number, service, people ahead and the wait, without a token', async () => {
  const first = await issue('track-1');
  const second = await issue('track-2');
  expect(second.trackingUrl).toBe(`${sb.url}/queue/track/${encodeURIComponent(second.id)}`);
  const res = await fetch(second.trackingUrl);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  const page = text(await res.text());
  expect(page).toContain(second.number);
  expect(page).toContain(second.serviceName);
  expect(page).toContain('Đang chờ');
  expect(page).toContain(`Còn ${second.ahead} người trước ông/bà.`);
  expect(second.ahead).toBeGreaterThanOrEqual(1);
  expect(page).not.toContain('<script');
  // The first in line is told so, and no wait of "0 phút".
  const head = text(await (await fetch(first.trackingUrl)).text());
  expect(head).toContain('Ông/bà là người tiếp theo.');
  expect(head).not.toContain('0 phút');
});

it('once called, the page sends the resident to the counter', async () => {
  const ticket = await issue('track-3');
  // Counter 2 serves this service in the seed; call until it reaches our ticket.
  for (let i = 0; i < 10; i++) {
    const r = await fetch(`${sb.url}/api/v1/queue/counters/2/call-next`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    if (r.status === 204) break;
    const called = QueueTicket.parse(await r.json());
    if (called.id === ticket.id) break;
    await fetch(`${sb.url}/api/v1/queue/counters/2/skip`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
  }
  const page = text(await (await fetch(ticket.trackingUrl)).text());
  expect(page).toContain('Đến lượt ông/bà');
  expect(page).toContain('Mời ông/bà đến quầy số 2.');
});

it('an unknown id is a 404 page, in Vietnamese', async () => {
  const res = await fetch(`${sb.url}/queue/track/Q000000NOPE`);
  expect(res.status).toBe(404);
  expect(text(await res.text())).toContain('Không tìm thấy số thứ tự');
});
