/** A small set of stroke icons (24 × 24 grid), inlined: no icon font, no extra request. */
export type IconName =
  | 'activity'
  | 'alert'
  | 'check'
  | 'chevron-left'
  | 'chevron-down'
  | 'clock'
  | 'copy'
  | 'cpu'
  | 'external'
  | 'lock'
  | 'unlock'
  | 'play'
  | 'plus'
  | 'refresh'
  | 'scissors'
  | 'shield'
  | 'square'
  | 'terminal'
  | 'trash'
  | 'x';

export const ICON_PATHS: Record<IconName, string[]> = {
  activity: ['M22 12h-4l-3 9L9 3l-3 9H2'],
  alert: [
    'M12 9v4',
    'M12 17h.01',
    'M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0Z',
  ],
  check: ['M20 6 9 17l-5-5'],
  'chevron-left': ['m15 18-6-6 6-6'],
  'chevron-down': ['m6 9 6 6 6-6'],
  clock: ['M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20Z', 'M12 6v6l4 2'],
  copy: ['M8 8h12v12H8z', 'M4 16V4h12'],
  cpu: ['M6 6h12v12H6z', 'M9 9h6v6H9z', 'M9 2v4M15 2v4M9 18v4M15 18v4M2 9h4M2 15h4M18 9h4M18 15h4'],
  external: ['M15 3h6v6', 'M10 14 21 3', 'M18 13v6a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h6'],
  lock: ['M5 11h14v10H5z', 'M8 11V7a4 4 0 0 1 8 0v4'],
  unlock: ['M5 11h14v10H5z', 'M8 11V7a4 4 0 0 1 7.9-1'],
  play: ['m7 4 13 8-13 8V4Z'],
  plus: ['M12 5v14M5 12h14'],
  refresh: ['M21 12a9 9 0 1 1-2.6-6.4L21 8', 'M21 3v5h-5'],
  scissors: [
    'M6 9a3 3 0 1 0 0-6 3 3 0 0 0 0 6Z',
    'M6 21a3 3 0 1 0 0-6 3 3 0 0 0 0 6Z',
    'M20 4 8.1 15.9M14.5 14.5 20 20M8.1 8.1 12 12',
  ],
  shield: ['M12 22s8-4 8-10V5l-8-3-8 3v7c0 6 8 10 8 10Z'],
  square: ['M6 6h12v12H6z'],
  terminal: ['m4 17 6-6-6-6', 'M12 19h8'],
  trash: ['M3 6h18', 'M8 6V4h8v2', 'M19 6l-1 14H6L5 6'],
  x: ['M18 6 6 18M6 6l12 12'],
};
