// The legacy (try/finally) variant is held to the same contract as the main one.
export { cleanupScenarios as default } from '../resource-cleanup.js';
