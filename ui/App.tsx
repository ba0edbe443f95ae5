import { useEffect } from 'preact/hooks';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Header } from './components/Header';
import { IdleOverlay } from './components/IdleOverlay';
import { NetworkBanner } from './components/NetworkBanner';
import { lang } from './i18n';
import { Announcements, AnnouncementView } from './screens/Announcements';
import { Attract } from './screens/Attract';
import { DossierStatus } from './screens/DossierStatus';
import { Home } from './screens/Home';
import { Lookup, LookupErrorScreen } from './screens/Lookup';
import { ProcedureDetail, Procedures } from './screens/Procedures';
import { OutOfService, Starting, UnderConstruction } from './screens/Simple';
import { appInfo, screen, startApp, type Screen } from './state/app';
import { installLookupIdentityWatch, installScanHandler } from './state/lookup';
import { installNetworkWatch } from './state/network';
import { installCamera, installScanRouter, installWedge } from './state/scan';
import { ScanNotHandled, ScanUnsupported } from './screens/Unsupported';
import { Consent } from './screens/Consent';
import { Identity } from './screens/Identity';
import { SessionEnded } from './screens/SessionEnded';
import { installDisplayModes } from './state/display';
import { LookupIdentity } from './screens/LookupIdentity';
// maintenance mode (issue 14)
import { MaintenanceClosed, MaintenanceCorner, PinPad, TokenRefused } from './screens/maintenance/Entry';
import { Maintenance } from './screens/maintenance/Maintenance';
import { installMaintenance } from './state/maintenance';
// payments (issue 12)
import { Payment, PaymentEntry } from './screens/Payment';
import { installPaymentWatch } from './state/payment';
// ratings and the survey (issue 13)
import { RatingEntry, RatingScreen, SurveyScreen } from './screens/Rating';
import { installRatingWatch } from './state/rating';
import { SubmitCapture, SubmitDocuments, SubmitForm, SubmitResult, SubmitReview } from './screens/Submit';

function ScreenView(props: { s: Screen }) {
  const s = props.s;
  switch (s.name) {
    case 'starting':
      return <Starting />;
    case 'out-of-service':
      return <OutOfService />;
    case 'attract':
      return <Attract />;
    case 'home':
      return <Home />;
    case 'lookup':
      return <Lookup />;
    case 'lookup-error':
      return <LookupErrorScreen code={s.code} error={s.error} hotline={appInfo.value?.hotline ?? ''} />;
    case 'lookup-identity':
      return <LookupIdentity code={s.code} />;
    case 'dossier-status':
      return <DossierStatus dossier={s.dossier} />;
    case 'procedures':
      return <Procedures />;
    case 'procedure-detail':
      return <ProcedureDetail code={s.code} />;
    case 'announcements':
      return <Announcements />;
    case 'announcement':
      return <AnnouncementView id={s.id} />;
    case 'under-construction':
      return <UnderConstruction tile={s.tile} />;
    case 'scan-unsupported':
      return <ScanUnsupported reason={s.reason} looksLike={s.looksLike} />;
    case 'scan-not-handled':
      return <ScanNotHandled kind={s.kind} code={s.code} />;
    case 'consent':
      return <Consent />;
    case 'identity':
      return <Identity />;
    case 'session-ended':
      return <SessionEnded />;
    // maintenance mode (issue 14)
    case 'maintenance-pin':
      return <PinPad />;
    case 'maintenance-refused':
      return <TokenRefused reason={s.reason} />;
    case 'maintenance':
      return <Maintenance />;
    case 'maintenance-closed':
      return <MaintenanceClosed message={s.message} />;
    case 'payment-entry':
      return <PaymentEntry />;
    // ratings and the survey (issue 13)
    case 'rating-entry':
      return <RatingEntry />;
    case 'rating':
      return <RatingScreen dossierCode={s.dossierCode} />;
    case 'survey':
      return <SurveyScreen />;
    case 'payment':
      return <Payment />;
    // issue 12: the submit journey
    case 'submit-form':
      return <SubmitForm />;
    case 'submit-documents':
      return <SubmitDocuments />;
    case 'submit-capture':
      return <SubmitCapture />;
    case 'submit-review':
      return <SubmitReview />;
    case 'submit-result':
      return <SubmitResult />;
  }
}

const BARE: ReadonlySet<Screen['name']> = new Set([
  'starting',
  'out-of-service',
  'attract',
  'session-ended',
  // maintenance mode (issue 14): no resident header, no idle overlay
  'maintenance-pin',
  'maintenance-refused',
  'maintenance',
  'maintenance-closed',
]);

function Shell() {
  const s = screen.value;
  const bare = BARE.has(s.name);
  return (
    <div class={`app${bare ? ' bare' : ''}`} data-screen={s.name} lang={lang.value}>
      {!bare && <Header />}
      {s.name !== 'starting' && s.name !== 'out-of-service' && <NetworkBanner />}
      {/* Focusable so a long screen scrolls from the keyboard too (axe scrollable-region-focusable). */}
      <main class="content" tabIndex={0}>
        <ScreenView s={s} key={s.name} />
      </main>
      {!bare && <IdleOverlay />}
      {s.name === 'attract' && <MaintenanceCorner />}
    </div>
  );
}

export function App() {
  useEffect(() => {
    startApp();
    const offScans = [installScanRouter(), installWedge(), installCamera(), installLookupIdentityWatch(), installPaymentWatch(), installRatingWatch()];
    const off = installScanHandler();
    const offNetwork = installNetworkWatch();
    const offDisplay = installDisplayModes();
    const offMaintenance = installMaintenance(); // maintenance mode (issue 14)
    return () => {
      off();
      offNetwork();
      offDisplay();
      offMaintenance();
      for (const f of offScans) f();
    };
  }, []);
  return (
    <ErrorBoundary>
      <Shell />
    </ErrorBoundary>
  );
}
