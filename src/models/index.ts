export { type ModelReference, resolveModel } from './resolve-model.js';
