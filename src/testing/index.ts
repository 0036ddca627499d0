export {
  type Script,
  ScriptedModel,
  type ScriptedToolCall,
  type ScriptedTurn,
  type ScriptedTurnContext,
} from './scripted-model.js';
export * from './store-conformance.js';
