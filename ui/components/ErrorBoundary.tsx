import { Component, type ComponentChildren } from 'preact';
import { log } from '../bridge';
import { t } from '../i18n';
import { Icon } from './Icon';
import { goHome } from '../state/app';

interface State {
  error: unknown;
}

/** Catches render errors: a friendly screen with a way home, and the details go to `ui.log`. */
export class ErrorBoundary extends Component<{ children: ComponentChildren }, State> {
  override state: State = { error: null };

  static override getDerivedStateFromError(error: unknown): State {
    return { error: error ?? 'unknown error' };
  }

  override componentDidCatch(error: unknown): void {
    const text = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
    log('error', `render error: ${text}`);
  }

  private readonly recover = (): void => {
    goHome();
    this.setState({ error: null });
  };

  override render() {
    if (this.state.error !== null) {
      return (
        <div class="app" data-screen="error">
          <section class="screen center-screen" data-testid="error-screen">
            <div class="big-icon">
              <Icon name="warning" />
            </div>
            <h1>{t('crash.title')}</h1>
            <p class="lead">{t('crash.body')}</p>
            <button type="button" class="btn btn-primary btn-big" data-testid="nav-home" onClick={this.recover}>
              {t('common.home')}
            </button>
          </section>
        </div>
      );
    }
    return this.props.children;
  }
}
