export * from './api';
export type { Generator } from './banner';
