// Live posture: what AWS Config and Security Hub observe, merged with what the synth intended.
// The CLI imports posture-command.ts directly; this index is for library users.
export * from './accounts';
export * from './attribution';
export * from './clients';
export * from './collector';
export * from './config-rule-citations';
export * from './drift';
export * from './merge';
export * from './model';
export * from './observations';
export * from './permissions';
export * from './posture-command';
export * from './progress';
export * from './render-posture';
export * from './run-posture';
export * from './scheduled-posture';
export * from './security-hub-controls';
export * from './write-posture';
