// One exercise = its logic (catalog.ts) + its words (text.ts), keyed by a stable id (types.ts).
export * from './types';
export { EXERCISES } from './catalog';
export { TEXTS, frenchTypography } from './text';
