/**
 * The identity service with the simulator: consent before any read, the QR from the scanner as
 * BAC key source, typed dates when the derived keys fail, refusal on mismatching sources, and
 * the session wipe (nothing left after the session; logs masked).
 */
import jpeg from 'jpeg-js';
import { afterEach, describe, expect, it } from 'vitest';
import { createDemoCard, createSimulatedReader, type SimulatedReader } from '../../drivers/idcard';
import { CardReaderConfig } from '../../kiosk-config/schema';
import { createEvents } from '../../main/events';
import type { EventPayload } from '../../main/ipc/contract';
import { createMemoryLogger } from '../../main/log';
import { createIdentityService, IDENTITY_KEYS, type IdentityService } from '../../main/services/identity';
import { parseCccdQr } from '../../main/services/scan/cccd';
import { CCCD_QR_SESSION_KEY } from '../../main/services/scan/service';
import { createSessionService, type SessionService } from '../../main/services/session';
import { makeJpeg2000, QUADRANTS } from '../fixtures/cccd/photo';

let svc: IdentityService | undefined;
let session: SessionService | undefined;
afterEach(async () => {
  await svc?.stop();
  session?.close();
  svc = undefined;
  session = undefined;
});

function setup(card = createDemoCard()) {
  const log = createMemoryLogger('debug');
  const events = createEvents(log);
  session = createSessionService({ events, log, idleTimeoutSeconds: 60 });
  session.start();
  const sim: SimulatedReader = createSimulatedReader({ latencyMs: 0 });
  svc = createIdentityService({ config: CardReaderConfig.parse({ kind: 'simulator' }), events, log, session, transport: sim });
  svc.start();
  const cards: EventPayload<'card'>[] = [];
  events.on('card', (c) => cards.push(c));
  const scanQr = (text = card.qrText) => {
    const q = parseCccdQr(text);
    if (!q.ok) throw new Error('bad QR');
    session?.data.set(CCCD_QR_SESSION_KEY, q.value);
  };
  return { log, events, sim, svc, session, card, cards, scanQr };
}

/** Consent, the card's QR and the card on the reader, then a read that must succeed. */
async function readOk(card: ReturnType<typeof createDemoCard>) {
  const t = setup(card);
  t.sim.insert(card.chip);
  t.scanQr();
  t.svc.consent(true);
  const r = await t.svc.read({ waitSeconds: 1 });
  if (r.outcome !== 'ok') throw new Error(`read failed: ${JSON.stringify(r)}`);
  return { t, identity: r.identity };
}

describe('identity service', () => {
  it('reads nothing before consent, then reads the card with the QR-derived key', async () => {
    const t = setup();
    t.sim.insert(t.card.chip);
    t.scanQr();
    expect(await t.svc.read({ waitSeconds: 1 })).toMatchObject({ outcome: 'error', error: 'no-consent' });
    expect(t.sim.chip?.apduCount).toBe(0);
    expect(t.svc.consent(true)).toEqual({ consented: true });
    const r = await t.svc.read({ waitSeconds: 1 });
    if (r.outcome !== 'ok') throw new Error(`read failed: ${JSON.stringify(r)}`);
    expect(r.identity.fullName).toBe('NGUYỄN VĂN AN');
    expect(r.identity.personalIdMasked).toBe('0010******01');
    expect(r.identity.keySource).toBe('qr');
    expect(r.identity.photo.kind).toBe('jpeg');
    expect(r.identity.authenticity.status).toBe('not-trusted');
    expect(JSON.stringify(r)).not.toContain('001090000001');
    expect(JSON.stringify(r)).not.toMatch(/Kinh|religion|ethnicity/);
    expect(t.cards.map((c) => c.state)).toEqual(expect.arrayContaining(['waiting', 'reading', 'done']));
    // Logged masked only.
    expect(t.log.lines.join('\n')).not.toContain('001090000001');
    expect(t.log.lines.join('\n')).not.toContain('NGUYỄN');
    expect(t.log.lines.some((l) => l.includes('0010******01'))).toBe(true);
  });

  it('wipes the identity, the consent and the face bytes at session end', async () => {
    const t = setup();
    t.sim.insert(t.card.chip);
    t.scanQr();
    t.svc.consent(true);
    expect((await t.svc.read({ waitSeconds: 1 })).outcome).toBe('ok');
    const face = t.svc.current()?.identity.face?.bytes as Uint8Array;
    expect(face.some((b) => b !== 0)).toBe(true);
    t.session.end('finish');
    expect(t.svc.current()).toBeUndefined();
    expect(face.every((b) => b === 0)).toBe(true);
    for (const k of Object.values(IDENTITY_KEYS)) expect(t.session.data.has(k)).toBe(false);
    expect((await t.svc.read({ waitSeconds: 1 })).outcome).toBe('error');
  });

  it('asks for the dates when the derived keys fail, then reads with the typed ones', async () => {
    // The chip expires on a date the law does not give: 2029-06-30.
    const card = createDemoCard({ td1: { expiryYymmdd: '290630' } });
    const t = setup(card);
    t.sim.insert(card.chip);
    t.scanQr();
    t.svc.consent(true);
    expect(await t.svc.read({ waitSeconds: 1 })).toEqual({ outcome: 'needs-dates', needPersonalId: false, after: 'derived' });
    expect(t.svc.provideDates({ birthDate: '1990-01-01', expiryDate: '2029-06-31' })).toEqual({ accepted: false, reason: 'bad-date' });
    expect(t.svc.provideDates({ birthDate: '1990-01-01', expiryDate: '2029-06-29' })).toEqual({ accepted: true });
    expect(await t.svc.read({ waitSeconds: 1 })).toEqual({ outcome: 'needs-dates', needPersonalId: false, after: 'typed' });
    const before = t.sim.chip?.apduCount ?? 0;
    t.svc.provideDates({ birthDate: '1990-01-01', expiryDate: '2029-06-30' });
    const r = await t.svc.read({ waitSeconds: 1 });
    expect(r.outcome).toBe('ok');
    if (r.outcome === 'ok') expect(r.identity.keySource).toBe('dates');
    // The derived candidates are not tried again: SELECT + one BAC (2) + 26 READ BINARY.
    expect((t.sim.chip?.apduCount ?? 0) - before).toBe(29);
  });

  it('needs the ID too when no QR was scanned', async () => {
    const t = setup();
    t.sim.insert(t.card.chip);
    t.svc.consent(true);
    expect(await t.svc.read({ waitSeconds: 1 })).toEqual({ outcome: 'needs-dates', needPersonalId: true, after: 'none' });
    expect(t.svc.provideDates({ birthDate: '1990-01-01', expiryDate: '2030-01-01' })).toEqual({ accepted: false, reason: 'bad-id' });
    expect(t.svc.provideDates({ personalId: '001090000001', birthDate: '1990-01-01', expiryDate: '2030-01-01' })).toEqual({ accepted: true });
    expect((await t.svc.read({ waitSeconds: 1 })).outcome).toBe('ok');
  });

  it('shows a JPEG 2000 face as a JPEG made in main, passes authentication on the original bytes, and wipes both at session end', async () => {
    const { t, identity } = await readOk(createDemoCard({ faceImage: makeJpeg2000({ container: 'jp2', width: 120, height: 160 }) }));
    if (identity.photo.kind !== 'jpeg') throw new Error(`photo: ${JSON.stringify(identity.photo)}`);
    expect(identity.photo.convertedFrom).toBe('jp2');
    expect(identity.authenticity.status).toBe('not-trusted'); // hashes match: only the signer is untrusted
    const img = jpeg.decode(Buffer.from(identity.photo.dataUrl.split(',')[1] as string, 'base64'), { useTArray: true });
    expect([img.width, img.height]).toEqual([120, 160]);
    expect(Math.abs((img.data[0] as number) - QUADRANTS[0][0])).toBeLessThanOrEqual(4);
    expect(t.log.lines.some((l) => /JPEG 2000 face \(jp2, \d+ bytes, 120×160\) converted/.test(l))).toBe(true);
    const shown = t.svc.current()?.displayFace as Uint8Array;
    const original = t.svc.current()?.identity.face?.bytes as Uint8Array;
    expect(shown.some((b) => b !== 0) && original.some((b) => b !== 0)).toBe(true);
    t.session.end('finish');
    expect(shown.every((b) => b === 0)).toBe(true);
    expect(original.every((b) => b === 0)).toBe(true);
  });

  it('still reads the identity when the JPEG 2000 face cannot be decoded, and says so', async () => {
    const broken = makeJpeg2000({ container: 'j2k', width: 64, height: 64 }).subarray(0, 80);
    const { t, identity } = await readOk(createDemoCard({ faceImage: broken }));
    expect(identity.photo).toEqual({ kind: 'unsupported', format: 'j2k' });
    expect(identity.fullName).toBe('NGUYỄN VĂN AN');
    expect(t.log.lines.some((l) => /the JPEG 2000 face cannot be shown: corrupt/.test(l))).toBe(true);
  });

  it('refuses the identity when the QR and the chip disagree', async () => {
    const card = createDemoCard({ dg13: { birthDate: '02/01/1990' } });
    const t = setup(card);
    t.sim.insert(card.chip);
    t.scanQr();
    t.svc.consent(true);
    expect(await t.svc.read({ waitSeconds: 1 })).toEqual({ outcome: 'refused', fields: ['birthDate'] });
    expect(t.svc.current()).toBeUndefined();
  });

  it('reports wrong card, broken card, removed card and no card distinctly', async () => {
    const t = setup();
    t.scanQr();
    t.svc.consent(true);
    expect(await t.svc.read({ waitSeconds: 1 })).toMatchObject({ outcome: 'error', error: 'no-card' });
    t.sim.fault({ kind: 'wrong-card' });
    t.sim.insert(t.card.chip);
    expect(await t.svc.read({ waitSeconds: 1 })).toMatchObject({ outcome: 'error', error: 'wrong-card' });
    t.sim.fault({ kind: 'broken-card' });
    t.sim.insert(t.card.chip);
    expect(await t.svc.read({ waitSeconds: 1 })).toMatchObject({ outcome: 'error', error: 'broken-card' });
    t.sim.insert(t.card.chip);
    t.sim.fault({ kind: 'remove-after', apdus: 8 });
    expect(await t.svc.read({ waitSeconds: 1 })).toMatchObject({ outcome: 'error', error: 'card-removed' });
  });

  it('cancels a read waiting for the card when the session ends', async () => {
    const t = setup();
    t.scanQr();
    t.svc.consent(true);
    const pending = t.svc.read({ waitSeconds: 30 });
    await new Promise((r) => setTimeout(r, 20));
    t.session.end('idle');
    expect(await pending).toMatchObject({ outcome: 'error', error: 'cancelled' });
  });

  it('a declined consent forgets everything', async () => {
    const t = setup();
    t.svc.consent(true);
    expect(t.svc.consent(false)).toEqual({ consented: false });
    expect(await t.svc.read({ waitSeconds: 1 })).toMatchObject({ outcome: 'error', error: 'no-consent' });
  });
});

describe('identity service lifecycle (DESIGN.md "Services")', () => {
  function build(transport?: SimulatedReader) {
    const log = createMemoryLogger('debug');
    const events = createEvents(log);
    session = createSessionService({ events, log, idleTimeoutSeconds: 60 });
    const statuses: string[] = [];
    const cards: EventPayload<'card'>[] = [];
    events.on('device.status', (s) => statuses.push(`${s.state}${s.detail ? ` ${s.detail}` : ''}`));
    events.on('card', (c) => cards.push(c));
    svc = createIdentityService({
      config: CardReaderConfig.parse({ kind: 'simulator' }),
      events,
      log,
      session,
      ...(transport ? { transport } : {}),
    });
    return { svc, statuses, cards };
  }

  it('the factory opens no transport: the reader appears, and its events arrive, from start()', () => {
    const { svc, statuses } = build();
    expect(svc.simulator).toBeUndefined();
    expect(svc.status()).toMatchObject({ state: 'disconnected' });
    svc.start();
    svc.start();
    expect(svc.simulator).toBeDefined();
    expect(svc.status()).toEqual({ kind: 'cardReader', state: 'connected', detail: 'simulator' });
    expect(statuses).toEqual(['connected simulator']);
  });

  it('listens to an injected transport only once started', () => {
    const sim = createSimulatedReader({ latencyMs: 0 });
    const card = createDemoCard();
    const { svc, cards } = build(sim);
    sim.insert(card.chip);
    sim.remove();
    expect(cards).toEqual([]);
    svc.start();
    sim.insert(card.chip);
    expect(cards).toEqual([{ present: true, reader: expect.any(String) }]);
  });

  it('stop() before start() is safe, and a start() after it opens nothing', async () => {
    const { svc, statuses } = build();
    await svc.stop();
    svc.start();
    expect(svc.simulator).toBeUndefined();
    expect(svc.status()).toMatchObject({ state: 'disconnected' });
    expect(statuses).toEqual([]);
  });
});
