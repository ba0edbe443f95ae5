/**
 * The composition root of the kiosk: builds every service from the config and returns the
 * router the shells plug into, the event bus, and `stop()`.
 *
 * Layer note (DESIGN.md): main/ does not import sandbox/ — except here, and only dynamically,
 * when the config names no backend URL and the kiosk embeds the reference server. That one
 * crossing is deliberate and is allowed by name in test/unit/layers.test.ts.
 */
import pkg from '../package.json' with { type: 'json' };
import { readingIdleTimeout, type KioskConfig } from '../kiosk-config/schema';
import { profileTiles } from '../kiosk-config/profiles';
import { createApiClient } from './api/client';
import { createLinkPriority } from './api/priority';
import { createEvents, type KioskEvents } from './events';
import type { AppInfo, LoopHealth } from './ipc/contract';
import { createRouter, type Router } from './ipc/router';
import { createLogger, type Logger } from './log';
import { createAnnouncementService } from './services/announcements';
import { createDossierService } from './services/dossiers';
import { join } from 'node:path';
import { createCatalogue, createProcedureService } from './services/procedures';
import { createSessionService, type SessionService } from './services/session';
import { createDurable, type Durable } from './services/outbox/runtime';
import { createScannerService, type ScannerService } from './services/scan/service';
import { createPrintingService, type PrintingService } from './services/printing';
import { createIdentityService, type IdentityService } from './services/identity';
import { createSubmissionReceipts } from './services/printing/submission-receipt';
import { createPrintLimiter, describeRefusal } from './services/printing/limits';
import { createSubmissionGate } from './services/submission/gate';
import { KioskError } from './errors';
// maintenance mode (issue 14)
import { createMaintenanceService, type MaintenanceService } from './services/maintenance/service';
import { revealSecrets } from './services/maintenance/secrets';
// Payments (issue 12)
import { createPaymentsApi } from './api/payments';
import { createPaymentService, type PaymentService } from './services/payments';
import { paymentHandlers } from './services/payments/handlers';
import { openKioskStore } from './store';
import { submissionHandlers } from './services/submission/channels';
// the hall display and the counter (issue 13)
import { createHallBackend } from './services/hall/backend';
import { createQueueApi } from './api/queue-client';
import { createHallService, type HallService } from './services/hall';
import { createCounterService } from './services/hall/counter';
// Ratings and the survey (issue 13 item 5)
import { createRatingService, RATING_OUTBOX_KINDS, type RatingService } from './services/ratings';
import { ratingHandlers } from './services/ratings/handlers';
// the queue at the kiosk (issue 13)
import { createQueueService, LEASE_REPORT_KIND, leaseReportKind, type QueueService } from './services/queue';
import { queueHandlers } from './services/queue/handlers';
import { wireFleet } from './services/fleet/wire'; // fleet (issue 16)

export interface Kiosk {
  router: Router;
  events: KioskEvents;
  info: AppInfo;
  session: SessionService;
  /** The backend the kiosk talks to (the embedded sandbox's URL when none is configured). */
  backendUrl: string;
  /** Device services; `devices.scanner.simulate(text)` scans with the simulator (demo, e2e). */
  devices: { scanner: ScannerService; printer: PrintingService };
  /** The CCCD identity journey; `identity.simulator` scripts the demo card reader (e2e). */
  identity: IdentityService;
  /** Maintenance mode (issue 14). */
  maintenance: MaintenanceService;
  /** Payment intents (issue 12): tests and the CLI read them. */
  payments: PaymentService;
  /** The hall display's state and voice (profiles `display` and `counter`; absent otherwise). Issue 13. */
  hall?: HallService;
  /** Ratings and the survey (issue 13). */
  ratings: RatingService;
  /** The queue at the kiosk (issue 13): tests read its leases and run its loop. */
  queue: QueueService;
  /**
   * The shell's renderer crashed or was killed: the resident's session ends here, in main, and
   * its personal data is wiped now, not at the next touch of a page that may never come back.
   */
  rendererGone(reason: string): void;
  stop(): Promise<void>;
}

export interface KioskOptions {
  log?: Logger;
  // maintenance mode (issue 14)
  /** The site config file the kiosk was started with (maintenance mode saves changes there). */
  configFile?: string;
  /** How the shell exits to the operating system (maintenance mode's "Thoát", PIN only). */
  onExit?: () => void;
  /** How the shell restarts the application (maintenance mode's "Khởi động lại ứng dụng"). */
  onRestart?: () => void;
}

export async function createKiosk(config: KioskConfig, options: KioskOptions = {}): Promise<Kiosk> {
  const log = options.log ?? createLogger({ level: config.log.level });
  const stops: Array<() => Promise<void> | void> = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (err) {
        log.error('kiosk', 'error while stopping', err);
      }
    }
  };
  try {
    // The backend token may be stored encrypted (maintenance mode): main uses it in clear.
    return await build(revealSecrets(config), log, stops, stopAll, options);
  } catch (err) {
    // A part that failed to start (a port in use, a device that threw) must not leave the
    // parts started before it running: stop them, then report.
    await stopAll();
    throw err;
  }
}

async function build(
  config: KioskConfig,
  log: Logger,
  stops: Array<() => Promise<void> | void>,
  stopAll: () => Promise<void>,
  options: KioskOptions,
): Promise<Kiosk> {
  const events = createEvents(log);

  let backendUrl = config.backend.url;
  if (!backendUrl) {
    const { startSandbox } = await import('../sandbox/server');
    const sandbox = await startSandbox({
      port: config.sandbox.port,
      tokens: [config.backend.token],
      dbFile: config.sandbox.dbFile,
      requireApplicantId: config.sandbox.requireApplicantId,
      ...(config.sandbox.queue ? { queue: config.sandbox.queue } : {}), // queue (issue 13)
      // payments (issue 12): the simulate route's token (tests, demos) and the QR expiry
      ...(config.payments.sandboxAdminToken ? { adminTokens: [config.payments.sandboxAdminToken] } : {}),
      payments: { ttlMinutes: config.payments.sandboxTtlMinutes },
      log: (line) => log.debug('sandbox', line),
    });
    backendUrl = sandbox.url;
    stops.push(() => sandbox.close());
    log.info('kiosk', `no backend configured: embedded sandbox at ${sandbox.url}`);
  }

  let online = true;
  let queueKick = (): void => undefined; // issue 13: set once the queue service exists
  // Outbox and submission (issue 6): the database under dataDir; a broken one = out of service.
  let durable: Durable | undefined;
  const setOnline = (reachable: boolean) => {
    if (reachable) durable?.notifyReachable();
    if (reachable === online) return;
    if (reachable) queueKick(); // issue 13: report the offline tickets now
    online = reachable;
    log.info('network', reachable ? 'backend reachable again' : 'backend unreachable');
    events.emit('network.status', { online, backend: backendUrl });
  };
  // The resident's requests go first on the link; the outbox waits for them (issue 15). The
  // catalogue's background refresh is not the resident's: it has a client of its own.
  const priority = createLinkPriority();
  const clientOptions = {
    baseUrl: backendUrl,
    token: config.backend.token,
    timeoutMs: config.backend.timeoutMs,
    retries: config.backend.retries,
    log,
    onReachability: (reachable: boolean) => setOnline(reachable),
  };
  const api = createApiClient({ ...clientOptions, priority });
  const backgroundApi = createApiClient(clientOptions);

  // Main's safety net waits for the longest quiet time the UI allows (a reading screen's).
  const session = createSessionService({ events, log, idleTimeoutSeconds: readingIdleTimeout(config.ui) });
  stops.push(() => session.stop());
  durable = createDurable({
    config,
    backendUrl,
    log,
    onReachability: (r) => setOnline(r),
    priority,
    kinds: { ...RATING_OUTBOX_KINDS, [LEASE_REPORT_KIND]: leaseReportKind }, // issue 13: ratings, surveys, lease reports
  });
  const outboxRuntime = durable;
  stops.push(() => outboxRuntime.stop());
  // The procedure catalogue, kept on disk and searched locally (issue 11).
  const catalogue = createCatalogue({
    api: backgroundApi,
    file: join(config.dataDir, 'catalogue.json'),
    log,
    refreshMs: config.catalogue.refreshHours * 3_600_000,
    staleAfterMs: config.catalogue.staleAfterHours * 3_600_000,
    details: config.catalogue.offlineDetails,
    // The details (every procedure's page) wait until the first screen is up.
    detailsDelayMs: 10_000,
    synonyms: config.catalogue.synonyms,
    popular: config.catalogue.popular,
  });
  catalogue.start();
  stops.push(() => catalogue.stop());
  const procedures = createProcedureService({ api, catalogue });
  const announcements = createAnnouncementService({ api });
  // Technician tokens (and every scan while in maintenance mode) go to maintenance, not the UI.
  let maintenance: MaintenanceService | undefined;
  const scanner = await createScannerService({
    config: config.devices.scanner,
    events,
    log,
    session,
    intercept: (result, source) => maintenance?.interceptScan(result, source) ?? result.kind === 'technician',
  });
  await scanner.start();
  stops.push(() => scanner.stop());
  const printer = createPrintingService({
    config: config.devices.printer,
    events,
    log,
    centerName: config.siteName,
    hotline: config.hotline,
    kioskId: config.kioskId,
  });
  stops.push(() => printer.stop());
  const identity = createIdentityService({ config: config.devices.cardReader, events, log, session });
  stops.push(() => identity.stop());
  // A backend that shows a dossier only to its applicant gets the ID number main holds for this
  // session (card or CCCD QR, with consent); the UI never passes it.
  const dossiers = createDossierService({ api, log, applicantId: () => identity.consentedPersonalId() });
  // Submission receipts (`submission.print`): looked up in the outbox, printed after the commit.
  const receipts = createSubmissionReceipts({
    session,
    findLocal: (code) => outboxRuntime.findLocal(code),
    lookupDossier: (code) => dossiers.lookup(code),
    printer,
    log,
  });

  // A slip once, again after a pause, never a stream; the counts go with the resident's session.
  const printLimits = createPrintLimiter(config.devices.printer.limits);
  const unwatchSession = session.onEnd(() => printLimits.reset());
  stops.push(() => void unwatchSession());
  const allowPrint = (key: string): void => {
    const verdict = printLimits.take(key);
    if (verdict.ok) return;
    const why = describeRefusal(verdict);
    log.warn('printer', `print refused (${key.split(':')[0]}): ${why}`);
    throw new KioskError('too_many', why);
  };

  // Submissions only from a session whose card was read with consent, as that card's holder.
  const gate = createSubmissionGate({
    sessionId: () => session.current?.id,
    identity: () => identity.current()?.identity,
    limits: config.outbox,
    log,
  });

  // ---- Payments (issue 12): intents in the kiosk's database, polled until they end ----
  const payments = createPaymentService({
    api: createPaymentsApi(api),
    openStore: () => openKioskStore(config.dataDir),
    log,
    events,
    sessionId: () => session.current?.id,
    poll: { baseMs: config.payments.pollBaseMs, capMs: config.payments.pollCapMs },
  });
  stops.push(() => payments.stop());
  try {
    payments.start();
  } catch (err) {
    log.error('payments', `payments unavailable: ${err instanceof Error ? err.message : String(err)}`);
  }

  // ---- the hall display and the counter (issue 13): main/services/hall ----
  const hallBackend = createHallBackend(
    createQueueApi(api, { kioskId: config.kioskId, ...(config.counter.officerId ? { officerId: config.counter.officerId } : {}) }),
  );
  let hall: HallService | undefined;
  if (config.profile === 'display' || config.profile === 'counter') {
    const h = createHallService({
      backend: hallBackend,
      baseUrl: backendUrl,
      token: config.backend.token,
      config: config.display,
      dataDir: config.dataDir,
      events,
      log,
      announcements: () => announcements.list(),
      speak: config.profile === 'display',
    });
    h.start();
    stops.push(() => h.stop());
    hall = h;
  }
  const counterService = createCounterService({ backend: hallBackend, config: config.counter, log });
  const notHall = (): never => {
    throw new KioskError('not_configured', `the hall display and the counter run under the display and counter profiles, not ${config.profile}`);
  };
  const onCounter = <T>(act: () => T): T => (config.profile === 'counter' ? act() : notHall());
  // ---- Ratings and the survey (issue 13): through the outbox; the survey kept for offline ----
  const ratings = createRatingService({
    api,
    dossiers,
    outbox: () => outboxRuntime.outbox,
    ensureInService: () => outboxRuntime.ensureInService(),
    surveyFile: join(config.dataDir, 'survey.json'),
    waitMs: config.outbox.submitWaitMs,
    log,
  });
  // ---- the queue at the kiosk (issue 13): tickets, appointment check-in, offline leases ----
  const queue = createQueueService({
    api,
    kioskId: config.kioskId,
    config: config.queue,
    log,
    printer,
    store: () => outboxRuntime.store,
    outbox: () => outboxRuntime.outbox,
    allowPrint,
    birthDate: () => identity.current()?.identity.birthDate,
    centerName: config.siteName,
    // the embedded sandbox in memory forgets its numbers when it stops: blocks from before are void
    backendForgets: !config.backend.url && !config.sandbox.dbFile,
  });
  queueKick = () => queue.kick();
  const unwatchQueueSession = session.onEnd(() => queue.endSession());
  stops.push(() => void unwatchQueueSession());
  stops.push(() => queue.stop());
  // A kiosk whose residents take tickets: its lease loop runs and the fleet reports its queue.
  const issuesTickets = config.profile === 'service-center' || (config.ui.tiles ?? []).includes('queue');
  if (issuesTickets) queue.start();

  const info: AppInfo = {
    version: pkg.version,
    kioskId: config.kioskId,
    profile: config.profile,
    siteName: config.siteName,
    defaultLanguage: config.language,
    tiles: config.ui.tiles ?? profileTiles(config.profile),
    idleTimeoutSeconds: config.ui.idleTimeoutSeconds,
    idleWarningSeconds: config.ui.idleWarningSeconds,
    readingIdleTimeoutSeconds: readingIdleTimeout(config.ui),
    attractSlideSeconds: config.ui.attractSlideSeconds,
    backend: config.backend.url ? 'remote' : 'embedded-sandbox',
    backendTimeoutMs: config.backend.timeoutMs,
    hotline: config.hotline,
    scanner: { kind: config.devices.scanner.kind, cameraDecoder: config.devices.scanner.cameraDecoder },
    ...(config.site.scannerLocation ? { scannerLocation: config.site.scannerLocation } : {}),
    ...(config.lookup.codePrefix ? { lookupCodePrefix: config.lookup.codePrefix } : {}),
    // issue 12: the submit journey's document camera
    ...(config.devices.documentCamera.kind === 'camera'
      ? {
          documentCamera: {
            ...(config.devices.documentCamera.device ? { device: config.devices.documentCamera.device } : {}),
            width: config.devices.documentCamera.width,
            height: config.devices.documentCamera.height,
          },
        }
      : {}),
    // issue 13: how long the queue ticket stays on screen
    queueTicketSeconds: config.queue.ticketScreenSeconds,
  };

  // maintenance mode (issue 14)
  const maint = createMaintenanceService({
    config,
    ...(options.configFile ? { configFile: options.configFile } : {}),
    ...(options.onExit ? { onExit: options.onExit } : {}),
    ...(options.onRestart ? { onRestart: options.onRestart } : {}),
    log,
    events,
    session,
    devices: { scanner: () => scanner.status(), printer, cardReader: () => identity.status() },
    durable: outboxRuntime,
    backendUrl,
    backendToken: config.backend.token,
    info,
    payments: () => payments.list(100),
    identity, // the test card read
  });
  maintenance = maint;
  stops.push(() => maint.stop());

  // fleet (issue 16): reports to an MQTT broker, signed commands (off without fleet.brokerUrl); stopped first
  const fleet = wireFleet({
    config,
    configFile: options.configFile,
    version: pkg.version,
    log,
    events,
    printer,
    durable: outboxRuntime,
    maintenance: maint,
    online: () => online,
    scanner: () => scanner.status(),
    cardReader: () => identity.status(),
    // the center's queue figures, where this kiosk issues tickets (issue 13)
    ...(issuesTickets ? { queue: () => queue.services() } : {}),
  });
  stops.push(() => fleet.stop());

  const inner = createRouter(
    {
      ...maint.handlers(),
      'app.info': () => {
        outboxRuntime.ensureInService();
        const closed = maint.outOfService();
        if (closed) throw new KioskError('out_of_service', closed);
        return info;
      },
      'kiosk.status': () => {
        const status = outboxRuntime.status();
        const c = catalogue.state();
        const refresh: LoopHealth = { name: 'catalogue.refresh', state: c.failures === 0 ? 'ok' : 'restarting', restarts: c.failures };
        if (c.lastError !== undefined) refresh.lastError = c.lastError;
        if (c.lastErrorAt !== undefined) refresh.lastErrorAt = c.lastErrorAt;
        const hallLoops = hall ? [hall.health(), ...(config.profile === 'display' ? [hall.voiceHealth()] : [])] : []; // hall.events, hall.voice: issue 13
        return { ...status, online, loops: [...status.loops, refresh, payments.health(), queue.health(), ...hallLoops], backend: maint.backend() }; // payments.poll: issue 12
      },
      'dossier.submit': async (request) => {
        const { request: admitted, release } = gate.admit(request);
        let answer;
        try {
          answer = await outboxRuntime.submit(admitted);
        } catch (err) {
          release(); // refused (invalid form, storage full…): it does not count
          throw err;
        }
        receipts.remember(admitted, answer);
        return answer;
      },
      'submission.print': ({ localRef }) => {
        allowPrint(`receipt:${localRef}`);
        return receipts.print(localRef);
      },
      'session.start': () => session.start(),
      'session.end': ({ reason }) => session.end(reason),
      'announcements.list': async () => fleet.announcements(await announcements.list()), // fleet (issue 16): pushed ones first
      'sectors.list': () => procedures.sectors(),
      'procedures.search': (query) => procedures.search(query),
      'procedures.get': ({ code }) => procedures.get(code),
      'dossier.lookup': ({ code }) => {
        const local = outboxRuntime.findLocal(code);
        if (local && 'pending' in local) return local.pending;
        return dossiers.lookup(local ? local.dossierCode : code);
      },
      'devices.status': () => ({
        devices: [scanner.status(), printer.deviceStatus(), identity.status()],
      }),
      'scan.submit': ({ text, source }) => ({ accepted: scanner.submit(text, source) }),
      'dossier.print': async ({ code }) => {
        const dossier = await dossiers.lookup(code);
        allowPrint(`status:${dossier.dossierCode}`);
        return printer.printDossierStatus(dossier);
      },
      'printer.status': () => printer.view(),
      'identity.consent': ({ accepted }) => identity.consent(accepted),
      'identity.read': (request) => identity.read(request),
      'identity.provide': (request) => identity.provideDates(request),
      'identity.clear': () => identity.clear(),
      ...paymentHandlers({ payments, printer, allowPrint, log }), // payments (issue 12)
      ...ratingHandlers(ratings), // ratings and the survey (issue 13)
      ...queueHandlers(queue), // the queue at the kiosk (issue 13)
      // issue 12: the submit journey's form and tracking QR
      ...submissionHandlers({ form: (code) => outboxRuntime.form(code), trackingUrl: config.devices.printer.trackingUrl }),
      // the hall display and the counter (issue 13)
      'hall.view': () => (hall ? hall.view() : notHall()),
      'counter.view': () => onCounter(() => counterService.view()),
      'counter.act': ({ action }) => onCounter(() => counterService.act(action)),
      'counter.transfer': ({ serviceId }) => onCounter(() => counterService.transfer(serviceId)),
      'ui.log': ({ level, message }) => {
        log[level]('ui', message);
        return { logged: true };
      },
    },
    log,
  );
  // Every request from the UI is a sign of life from the resident.
  const router: Router = fleet.count({
    handle(channel, payload) {
      session.touch();
      return inner.handle(channel, payload);
    },
  });

  log.info('kiosk', `kiosk ${config.kioskId} ready (profile ${config.profile}, backend ${info.backend})`);
  let stopped = false;
  return {
    router,
    events,
    info,
    session,
    backendUrl,
    devices: { scanner, printer },
    identity,
    maintenance: maint,
    payments,
    ...(hall ? { hall } : {}),
    ratings,
    queue,
    rendererGone(reason) {
      const { ended } = session.end('reset');
      log.warn('session', `the kiosk page is gone (${reason})${ended ? ": the resident's session is ended and its data wiped" : ''}`);
      if (ended) events.emit('session.reset', { reason: 'reset' });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopAll();
    },
  };
}
