/**
 * The printing service: templates -> layout -> ESC/POS bytes -> the printer's job queue, and the
 * printer's condition for the UI (`printer.status`, `devices.status`).
 *
 * The device comes from `devices.printer` in the config: the simulator (demo default), a serial
 * port, a USB printer-class device or a network printer on port 9100; `none` disables printing
 * (requests answer `unavailable`). A job the printer cannot take now stays queued in memory until
 * it prints or a technician cancels it (PrinterDevice; the outbox plugs in as its JobStore).
 */
import type { PrinterConfig } from '../../../kiosk-config/schema';
import { PrinterDevice, type DeviceCondition, type JobStore, type PrintJob } from '../../../drivers/printer/device';
import { layoutDocument, type Layout, type PrintDocument } from '../../../drivers/printer/layout';
import { PRINTER_PROFILES, PAPER_58MM, PAPER_80MM, type CodePageSpec, type PrinterProfile } from '../../../drivers/printer/profiles';
import { bitmapToPng, renderLayoutBitmap } from '../../../drivers/printer/raster';
import { renderEscPos, type RenderResult } from '../../../drivers/printer/render';
import { SimulatedPrinter } from '../../../drivers/printer/simulator';
import { createTransport, type TransportSpec } from '../../../drivers/printer/transport';
import type { Dossier } from '../../api/schemas';
import type { KioskEvents } from '../../events';
import type { DeviceStatus } from '../../ipc/contract';
import type { Logger } from '../../log';
import {
  dossierStatusDocument,
  pendingReceiptDocument,
  receiptDocument,
  testPageDocument,
  ticketDocument,
  type PendingReceiptData,
  type ReceiptData,
} from './templates';
import { paymentReceiptDocument } from './payment-receipt'; // payments (issue 12)

export type TemplateKind = 'ticket' | 'receipt' | 'receipt-pending' | 'status-page' | 'test' | 'payment-receipt'; // payment-receipt: issue 12

/**
 * The receipt of a submission: the normal slip once the backend accepted it (dossier code, due
 * date), the offline variant while it waits in the outbox (local reference, no due date).
 */
export type SubmissionReceipt = { state: 'sent'; localRef: string; data: ReceiptData } | { state: 'queued'; localRef: string; data: PendingReceiptData };
export type PrinterCondition = DeviceCondition | 'not_configured';

export interface PrinterView {
  configured: boolean;
  condition: PrinterCondition;
  queued: number;
  description: string;
}

export interface PrintOutcome {
  state: 'printed' | 'queued' | 'unavailable';
  jobId?: string;
  condition: PrinterCondition;
}

/** A profile by name or inline (config), as the driver wants it. */
export function resolveProfile(p: PrinterConfig['profile']): { profile: PrinterProfile; problem?: string } {
  if (typeof p === 'string') {
    const found = PRINTER_PROFILES[p];
    if (found) return { profile: found };
    return {
      profile: PRINTER_PROFILES['generic-80-raster'] as PrinterProfile,
      problem: `unknown printer profile "${p}" (known: ${Object.keys(PRINTER_PROFILES).join(', ')}); printing as generic-80-raster`,
    };
  }
  const codePage: CodePageSpec =
    p.codePage === 'none' || p.escT === undefined
      ? { kind: 'none' }
      : p.codePage === 'cp1258'
        ? { kind: 'cp1258', escT: p.escT, fsDot: p.fsDot }
        : { kind: 'tcvn3', escT: p.escT, escTUpper: p.escTUpper, fsDot: p.fsDot };
  return {
    profile: {
      id: 'inline',
      description: `inline profile, ${p.paperWidth} mm, ${p.codePage}`,
      paper: p.paperWidth === 58 ? PAPER_58MM : PAPER_80MM,
      codePage,
      cutter: p.cutter,
      nativeQr: p.nativeQr,
    },
  };
}

export interface PrintingDeps {
  config: PrinterConfig;
  events?: KioskEvents;
  log: Logger;
  centerName: string;
  hotline: string;
  kioskId: string;
  /** The outbox's job store, when that lands; in memory otherwise. */
  store?: JobStore;
}

export interface PrintingService {
  readonly profile: PrinterProfile;
  readonly mode: 'auto' | 'raster';
  /** The virtual printer when `kind` is simulator (demo mode; tests script it). */
  readonly simulator: SimulatedPrinter | null;
  readonly device: PrinterDevice | null;
  document(kind: TemplateKind, data: unknown): PrintDocument;
  layout(kind: TemplateKind, data: unknown): Layout;
  render(kind: TemplateKind, data: unknown): RenderResult & { layout: Layout };
  /** The same layout as printed, as a PNG (1 px = 1 printer dot). */
  preview(kind: TemplateKind, data: unknown): Buffer;
  print(kind: TemplateKind, data: unknown, label: string): Promise<PrintOutcome>;
  printDossierStatus(dossier: Dossier): Promise<PrintOutcome>;
  /** Prints a submission's receipt (the submission is already committed: this never touches it). */
  printSubmissionReceipt(receipt: SubmissionReceipt): Promise<PrintOutcome>;
  view(): PrinterView;
  deviceStatus(): DeviceStatus;
  jobs(): Array<Pick<PrintJob, 'id' | 'label' | 'createdAt' | 'attempts'>>;
  cancel(id: string): boolean;
  /** Connects to the printer and starts its status polling (the factory touches no device). Once. */
  start(): void;
  stop(): Promise<void>;
}

const DETAIL: Record<PrinterCondition, string> = {
  connecting: 'connecting',
  ready: 'ready',
  paperLow: 'paper low',
  paperOut: 'out of paper',
  coverOpen: 'cover open',
  error: 'printer error',
  offline: 'offline',
  stopped: 'stopped',
  not_configured: 'no printer configured',
};

export function createPrintingService(deps: PrintingDeps): PrintingService {
  const { config, log } = deps;
  const { profile, problem } = resolveProfile(config.profile);
  if (problem) log.error('printer', problem);

  let simulator: SimulatedPrinter | null = null;
  let spec: (() => TransportSpec) | null = null;
  switch (config.kind) {
    case 'simulator':
      simulator = new SimulatedPrinter({ codePage: profile.codePage });
      spec = () => ({ kind: 'simulator', printer: simulator as SimulatedPrinter });
      break;
    case 'serial':
      spec = () => ({ kind: 'serial', path: config.path ?? '', baudRate: config.baudRate, rtscts: config.rtscts });
      break;
    case 'usb':
      spec = () => ({ kind: 'usb', path: config.path ?? '' });
      break;
    case 'tcp':
      spec = () => ({ kind: 'tcp', host: config.host ?? '', port: config.port });
      break;
    case 'none':
      spec = null;
      break;
  }

  const device = spec
    ? new PrinterDevice({
        transport: () => createTransport((spec as () => TransportSpec)()),
        store: deps.store,
        statusPolling: config.statusPolling,
        pollIntervalMs: config.pollIntervalMs,
        log: (level, message) => log[level]('printer', message),
      })
    : null;

  const view = (): PrinterView => ({
    configured: device !== null,
    condition: device ? device.condition : 'not_configured',
    queued: device ? device.queue.length : 0,
    description: device ? `${config.kind === 'simulator' ? 'simulator' : device.description}, ${profile.id}` : 'none',
  });

  const deviceStatus = (): DeviceStatus => {
    if (!device) return { kind: 'printer', state: 'not_configured', detail: DETAIL.not_configured };
    const c = device.condition;
    const state: DeviceStatus['state'] =
      c === 'ready' || c === 'paperLow' ? 'connected' : c === 'offline' || c === 'connecting' || c === 'stopped' ? 'disconnected' : 'error';
    const queued = device.queue.length;
    return { kind: 'printer', state, detail: `${DETAIL[c]}${queued ? `, ${queued} job(s) waiting` : ''}` };
  };

  if (device) {
    device.on((e) => {
      if (e.type === 'condition' || e.type === 'printed' || e.type === 'queued' || e.type === 'cancelled') {
        deps.events?.emit('device.status', deviceStatus());
        deps.events?.emit('printer.status', view());
      }
      if (e.type === 'status') log.info('printer', `event ${e.event}`);
    });
  }

  const document = (kind: TemplateKind, data: unknown): PrintDocument => {
    switch (kind) {
      case 'ticket':
        return ticketDocument(data, { queueUrl: config.queueUrl, centerName: deps.centerName });
      case 'receipt':
        return receiptDocument(data, { trackingUrl: config.trackingUrl, centerName: deps.centerName, hotline: deps.hotline });
      case 'receipt-pending':
        return pendingReceiptDocument(data, { trackingUrl: config.trackingUrl, centerName: deps.centerName, hotline: deps.hotline });
      case 'status-page':
        return dossierStatusDocument(data as Dossier, { trackingUrl: config.trackingUrl, centerName: deps.centerName, hotline: deps.hotline });
      case 'payment-receipt': // payments (issue 12)
        return paymentReceiptDocument(data, { trackingUrl: config.trackingUrl, centerName: deps.centerName, hotline: deps.hotline });
      case 'test':
        return testPageDocument({ profile: profile.id, description: profile.description, mode: config.mode, kioskId: deps.kioskId });
    }
  };
  const layout = (kind: TemplateKind, data: unknown): Layout => layoutDocument(document(kind, data), profile.paper.columns);
  const render = (kind: TemplateKind, data: unknown): RenderResult & { layout: Layout } => {
    const l = layout(kind, data);
    return { ...renderEscPos(l, profile, { mode: config.mode }), layout: l };
  };

  const submit = async (bytes: Uint8Array, label: string): Promise<PrintOutcome> => {
    if (!device) return { state: 'unavailable', condition: 'not_configured' };
    const job = device.submit(bytes, label);
    const state = await device.waitFor(job.id, config.printWaitMs);
    return { state, jobId: job.id, condition: device.condition };
  };

  return {
    profile,
    mode: config.mode,
    simulator,
    device,
    document,
    layout,
    render,
    preview: (kind, data) => bitmapToPng(renderLayoutBitmap(layout(kind, data), profile.paper.dots)),
    async print(kind, data, label) {
      if (!device) return { state: 'unavailable', condition: 'not_configured' };
      return submit(render(kind, data).bytes, label);
    },
    async printDossierStatus(dossier) {
      if (!device) return { state: 'unavailable', condition: 'not_configured' };
      return submit(render('status-page', dossier).bytes, `status ${dossier.dossierCode}`);
    },
    async printSubmissionReceipt(receipt) {
      if (!device) return { state: 'unavailable', condition: 'not_configured' };
      const kind: TemplateKind = receipt.state === 'sent' ? 'receipt' : 'receipt-pending';
      return submit(render(kind, receipt.data).bytes, `${kind} ${receipt.localRef}`);
    },
    view,
    deviceStatus,
    jobs: () => (device ? device.queue.map(({ id, label, createdAt, attempts }) => ({ id, label, createdAt, attempts })) : []),
    cancel: (id) => device?.cancel(id) ?? false,
    start: () => device?.start(),
    stop: async () => {
      await device?.stop();
    },
  };
}
