// The controls a cluster widget can show (the `controls` prop of <Cluster>, an exercise's `controls`). Start/pause,
// "skip the wait", the speed, the quorum panel and the legend are always there, so they are not controls. A list
// that names anything else is refused by the content test (tests/unit/content/controls.test.ts).
export const CONTROLS = [
  'crash',
  'restart',
  'isolate',
  'partition',
  'client',
  'membership',
  'members',
  'time',
  'seed',
  'share',
  'features',
  'messages',
  'log',
  'events',
] as const;

export type Control = (typeof CONTROLS)[number];
