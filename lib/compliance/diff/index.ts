export * from './compare';
export * from './render';
export * from './settings';
