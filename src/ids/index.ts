export { timeOrderedId } from './time-ordered-id.js';
