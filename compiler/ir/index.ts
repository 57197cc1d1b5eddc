/** The IR: dtypes, tensors, ops and graphs, diagnostics, verification and printing. */
export * from './dtype.js';
export * from './diagnostics.js';
export * from './attrs.js';
export * from './tensor.js';
export * from './graph.js';
export * from './verify.js';
export * from './print.js';
