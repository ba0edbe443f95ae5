/**
 * `submission.print` through the whole kiosk (createKiosk, the router, the real sandbox over HTTP
 * through a link that is cut, real SQLite, the simulated printer on a code-page profile so the
 * printed lines can be read back): the offline receipt of a queued submission, the normal slip
 * once it is delivered, and printing never touching the submission (out of paper, unknown refs).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimulatedJob, SimulatedPrinter } from '../../drivers/printer/simulator';
import { EXAMPLE_SUBMISSION } from '../../sandbox/routes';
import type { Link } from './outbox-link';
import { asCardHolder, readDemoCard } from '../support/identity';
import { linkedSandbox } from '../support/linked-sandbox';

const TOKEN = 'submit-receipt-token';
const OFFLINE = 'Hồ sơ chưa được gửi do mất kết nối. Ki-ốt sẽ tự động gửi khi có mạng; không cần nộp lại.';
const fx = linkedSandbox({ token: TOKEN, prefix: 'kiosk-receipt-' });
let link: Link;

beforeEach(async () => {
  ({ link } = await fx.open());
});
afterEach(() => fx.close());

async function start() {
  const { kiosk, log } = await fx.startKiosk({
    kioskId: 'KIOSK-01',
    outbox: { backoffBaseMs: 50, backoffCapMs: 300, probeIntervalMs: 100, submitWaitMs: 3000 },
    // Reprinting the same slip is part of these tests: no pause between prints.
    devices: { printer: { kind: 'simulator', profile: 'epson-80', pollIntervalMs: 200, printWaitMs: 2000, limits: { repeatAfterSeconds: 0 } } },
  });
  // The resident's card, read with consent: the applicant of every submission here.
  request = asCardHolder(pageRequest, await readDemoCard(kiosk));
  return { kiosk, log, sim: kiosk.devices.printer.simulator as SimulatedPrinter };
}

const { kioskRef: _ref, ...pageRequest } = EXAMPLE_SUBMISSION;
let request = pageRequest;
/** The job's text with line breaks and indents collapsed (long sentences wrap). */
const flat = (job: SimulatedJob | undefined): string => (job?.lines ?? []).join(' ').replace(/\s+/g, ' ');

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  let v = await fn();
  while (!ok(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    v = await fn();
  }
  return v;
}

describe('submission.print', () => {
  it('offline: the queued submission prints the offline receipt with its local reference; once delivered, the normal slip', async () => {
    const { kiosk, sim } = await start();
    expect((await kiosk.router.handle('dossier.submit', request)).ok).toBe(true); // caches the form
    link.setUp(false);
    const submitted = await kiosk.router.handle('dossier.submit', request);
    expect(submitted).toMatchObject({ ok: true, value: { state: 'queued' } });
    const ref = (submitted as { value: { localRef: string } }).value.localRef;

    const before = sim.jobs.length;
    const printed = await kiosk.router.handle('submission.print', { localRef: ref });
    expect(printed).toMatchObject({ ok: true, value: { state: 'printed', condition: 'ready' } });
    expect(sim.jobs.length).toBe(before + 1);
    const job = sim.jobs.at(-1);
    const text = flat(job);
    expect(text).toContain(OFFLINE);
    expect(text).toContain(ref);
    expect(text).toContain('Số định danh: 0010******01');
    expect(text).toContain('Thủ tục: Đăng ký khai sinh');
    expect(text).toContain('giay-chung-sinh.pdf');
    expect(text).not.toContain('Hẹn trả kết quả:');
    expect(text).not.toContain('001090000001');
    expect(job?.barcodes.map((b) => b.data)).toEqual([ref]);
    expect(job?.qrCodes).toEqual([`https://dichvucong.gov.vn/tra-cuu-ho-so/${ref}`]);

    // printing did not touch the submission: still waiting, and it is delivered when the link returns
    expect(await kiosk.router.handle('kiosk.status', {})).toMatchObject({ ok: true, value: { outbox: { pending: 1 } } });
    link.setUp(true);
    const after = await until(
      () => kiosk.router.handle('dossier.lookup', { code: ref }),
      (r) => r.ok && (r.value as { state: string }).state !== 'pending_send',
    );
    expect(after).toMatchObject({ ok: true, value: { state: 'received' } });
    const code = (after as { value: { dossierCode: string } }).value.dossierCode;
    expect(code).not.toBe(ref);

    // the same reference now prints the normal slip: the real dossier code and its due date
    const again = await kiosk.router.handle('submission.print', { localRef: ref });
    expect(again).toMatchObject({ ok: true, value: { state: 'printed' } });
    const slip = flat(sim.jobs.at(-1));
    expect(slip).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(slip).toContain(code);
    expect(slip).toMatch(/Hẹn trả kết quả: ngày \d{2}\/\d{2}\/\d{4}/);
    expect(slip).not.toContain(OFFLINE);
    expect(sim.jobs.at(-1)?.barcodes.map((b) => b.data)).toEqual([code]);
  });

  it('online: a submission the backend accepted at once prints the normal slip', async () => {
    const { kiosk, sim } = await start();
    const r = await kiosk.router.handle('dossier.submit', request);
    expect(r).toMatchObject({ ok: true, value: { state: 'sent' } });
    const v = (r as { value: { localRef: string; dossierCode: string } }).value;
    expect(await kiosk.router.handle('submission.print', { localRef: v.localRef })).toMatchObject({ ok: true, value: { state: 'printed' } });
    const slip = flat(sim.jobs.at(-1));
    expect(slip).toContain(v.dossierCode);
    expect(slip).toContain('Người nộp: NGUYỄN VĂN AN');
    expect(slip).toMatch(/Hẹn trả kết quả: ngày \d{2}\/\d{2}\/\d{4}/);
  });

  it('out of paper: the receipt waits (queued) and prints later; the submission is untouched; bad requests are refused', async () => {
    const { kiosk, sim } = await start();
    expect((await kiosk.router.handle('dossier.submit', request)).ok).toBe(true);
    link.setUp(false);
    const submitted = await kiosk.router.handle('dossier.submit', request);
    const ref = (submitted as { value: { localRef: string } }).value.localRef;
    sim.paperOut();
    await until(
      async () => kiosk.devices.printer.view().condition,
      (c) => c === 'paperOut',
      5_000,
    );
    const jobs = sim.jobs.length;
    const r = await kiosk.router.handle('submission.print', { localRef: ref });
    expect(r).toMatchObject({ ok: true, value: { state: 'queued', condition: 'paperOut' } });
    expect(sim.jobs.length).toBe(jobs);
    expect(await kiosk.router.handle('kiosk.status', {})).toMatchObject({ ok: true, value: { outbox: { pending: 1 } } });
    expect(await kiosk.router.handle('dossier.lookup', { code: ref })).toMatchObject({ ok: true, value: { state: 'pending_send' } });
    sim.loadPaper();
    await until(
      async () => sim.jobs.length,
      (n) => n > jobs,
      10_000,
    );
    expect(flat(sim.jobs.at(-1))).toContain(ref);

    expect(await kiosk.router.handle('submission.print', { localRef: 'KIOSK.01-200101-0999' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // the UI sends only the reference: anything personal in the request is refused
    expect(await kiosk.router.handle('submission.print', { localRef: ref, applicant: request.applicant })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
  });
});
