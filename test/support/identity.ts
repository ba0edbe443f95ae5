/**
 * A resident's identity for tests that submit: the session started, consent given, the card's QR
 * scanned and the demo card (synthetic "NGUYỄN VĂN AN", drivers/idcard/simulator.ts) read
 * through the simulated reader, as the UI's consent and card screens do. `dossier.submit` refuses anything else.
 */
import { createDemoCard } from '../../drivers/idcard';
import type { Kiosk } from '../../main/kiosk';

export const DEMO_CARD = createDemoCard();

export interface CardHolder {
  fullName: string;
  personalId: string;
  birthDate: string;
}

/** Reads the demo card in the kiosk's current session (starting one when none is open). */
export async function readDemoCard(kiosk: Kiosk): Promise<CardHolder> {
  if (!kiosk.session.current) kiosk.session.start();
  const consent = await kiosk.router.handle('identity.consent', { accepted: true });
  if (!consent.ok) throw new Error(`consent refused: ${JSON.stringify(consent)}`);
  const sim = kiosk.identity.simulator;
  if (!sim) throw new Error('this kiosk has no simulated card reader (devices.cardReader.kind must be simulator)');
  // The resident scans the card's QR (it gives the BAC key), then places the card on the reader.
  const scanned = await kiosk.router.handle('scan.submit', { text: DEMO_CARD.qrText, source: 'wedge' });
  if (!scanned.ok) throw new Error(`the demo card's QR was refused: ${JSON.stringify(scanned)}`);
  sim.insert(DEMO_CARD.chip);
  const read = await kiosk.router.handle('identity.read', {});
  const value = read.ok ? (read.value as { outcome: string }) : undefined;
  if (value?.outcome !== 'ok') throw new Error(`the demo card did not read: ${JSON.stringify(read)}`);
  const identity = kiosk.identity.current()?.identity;
  if (!identity?.fullName || !identity.personalId || !identity.birthDate) throw new Error('the demo card read without name, ID or birth date');
  return { fullName: identity.fullName, personalId: identity.personalId, birthDate: identity.birthDate };
}

/** The request as the UI sends it once the card is read: the applicant is the card holder. */
export function asCardHolder<R extends { applicant: { fullName: string; personalId: string; birthDate?: string | undefined } }>(
  request: R,
  holder: CardHolder,
): R {
  return { ...request, applicant: { ...request.applicant, fullName: holder.fullName, personalId: holder.personalId, birthDate: holder.birthDate } };
}
