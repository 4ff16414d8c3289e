export * from './types';
export { fingerprint } from './fingerprint';
export {
  DEFAULT_VELOCITY_RULE,
  velocityLabels,
  VelocityAlertEngine,
} from './velocity-alert-engine';
export { SpreadPipeline } from './pipeline';
export type { PipelineOutput, PipelineStats, SpreadPipelineOptions } from './pipeline';
export { AlertStamper, alertId } from './alert-stamper';
