import { useEffect } from 'preact/hooks';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Header } from './components/Header';
import { IdleOverlay } from './components/IdleOverlay';
import { lang } from './i18n';
import { Announcements, AnnouncementView } from './screens/Announcements';
import { Attract } from './screens/Attract';
import { DossierStatus } from './screens/DossierStatus';
import { Home } from './screens/Home';
import { Lookup, LookupErrorScreen } from './screens/Lookup';
import { ProcedureDetail, Procedures } from './screens/Procedures';
import { OutOfService, Starting, UnderConstruction } from './screens/Simple';
import { appInfo, screen, startApp, type Screen } from './state/app';
import { installScanHandler } from './state/lookup';

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
  }
}

const BARE: ReadonlySet<Screen['name']> = new Set(['starting', 'out-of-service', 'attract']);

function Shell() {
  const s = screen.value;
  const bare = BARE.has(s.name);
  return (
    <div class={`app${bare ? ' bare' : ''}`} data-screen={s.name} lang={lang.value}>
      {!bare && <Header />}
      <main class="content">
        <ScreenView s={s} key={s.name} />
      </main>
      {!bare && <IdleOverlay />}
    </div>
  );
}

export function App() {
  useEffect(() => {
    startApp();
    return installScanHandler();
  }, []);
  return (
    <ErrorBoundary>
      <Shell />
    </ErrorBoundary>
  );
}
