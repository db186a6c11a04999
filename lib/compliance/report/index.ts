// The compliance report's public API: the model every format is rendered from, building it from a
// synth's evaluations, the renderers, and reading / writing `cdk.out/compliance/`.
export * from './attestations';
export * from './build-report';
export * from './model';
export * from './render-csv';
export * from './render-html';
export * from './render-markdown';
export * from './render-oscal';
export * from './render-sarif';
export * from './report-plugin';
export * from './write-report';
