export * from './types';
export { fingerprint } from './fingerprint';
export {
  DEFAULT_VELOCITY_RULE,
  velocityLabels,
  VelocityAlertEngine,
} from './velocity-alert-engine';
export {
  DEFAULT_FORECAST_RULE,
  ForecastAlertEngine,
  forecastLabels,
} from './forecast-alert-engine';
export type { ForecastRule } from './forecast-alert-engine';
export { SpreadPipeline } from './pipeline';
export type { PipelineOutput, PipelineStats, SpreadPipelineOptions } from './pipeline';
export { AlertStamper, alertId } from './alert-stamper';
export { CoordinationStage, coordinationLabels, velocityFingerprint } from './coordination-stage';
export type { CoordinationStageOptions, CoordinationStageOutput } from './coordination-stage';
export * from './routing';
