/** Inline SVG icons: kiosks often have no emoji font, so no emoji anywhere. */
export type IconName = 'search' | 'list' | 'edit' | 'card' | 'megaphone' | 'ticket' | 'star' | 'tools' | 'warning' | 'clock' | 'question' | 'check';

const PATHS: Record<IconName, string> = {
  search: 'M10 4a6 6 0 1 0 0 12a6 6 0 0 0 0-12zM14.5 14.5L20 20',
  list: 'M8 6h12M8 12h12M8 18h12M4 6h.01M4 12h.01M4 18h.01',
  edit: 'M4 20h4L19 9l-4-4L4 16v4zM13.5 6.5l4 4',
  card: 'M3 6h18v12H3zM3 10h18M7 15h4',
  megaphone: 'M3 10v4h3l6 4V6L6 10H3zM16 8a5 5 0 0 1 0 8M18.5 5.5a9 9 0 0 1 0 13',
  ticket: 'M4 7h16v3a2 2 0 0 0 0 4v3H4v-3a2 2 0 0 0 0-4V7zM10 7v10',
  star: 'M12 3l2.8 5.8 6.2.9-4.5 4.4 1.1 6.2L12 17.3l-5.6 3 1.1-6.2L3 9.7l6.2-.9z',
  tools: 'M14 6a4 4 0 0 0 5 5l-8 8a2 2 0 0 1-3-3l8-8a4 4 0 0 0-2-2zM4 4l4 4',
  warning: 'M12 3L2 20h20L12 3zM12 10v4M12 17h.01',
  clock: 'M12 3a9 9 0 1 0 0 18a9 9 0 0 0 0-18zM12 7v5l3 2',
  question: 'M9 9a3 3 0 1 1 4 2.8c-.7.3-1 .9-1 1.7V14M12 17.5h.01',
  check: 'M5 12.5l4.5 4.5L19 7',
};

export function Icon(props: { name: IconName; class?: string }) {
  return (
    <svg
      class={`icon ${props.class ?? ''}`}
      viewBox="0 0 24 24"
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      <path d={PATHS[props.name]} />
    </svg>
  );
}
