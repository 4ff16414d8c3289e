export { compileMatcher, formatMatchers, matchesAll, type CompiledMatcher } from './matchers';
export {
  DEFAULT_ROUTE_TIMING,
  RoutingTree,
  routingLabels,
  type ResolvedRoute,
} from './routing-tree';
export {
  isActive,
  SilenceSet,
  silenceState,
  type MuteSubject,
  type Muter,
  type SilenceExpiry,
  type SilenceExpiryReason,
  type SilenceSpec,
} from './silences';
export { Inhibitor } from './inhibitor';
export {
  DedupStage,
  InMemoryNotificationLog,
  MuteStage,
  runStages,
  type DispatchAlert,
  type MuteReason,
  type NotificationLog,
  type NotificationLogEntry,
  type Stage,
  type StageContext,
} from './stages';
export {
  Dispatcher,
  type DispatcherOptions,
  type FlushResult,
  type GroupNotification,
  type LogWrite,
  type ReceiverOptions,
} from './dispatcher';
export {
  evaluateCondition,
  RuleEngine,
  ruleLabels,
  scoreMetrics,
  type MetricsProvider,
  type RuleDefinition,
  type TermMetrics,
} from './rule-engine';
export {
  deliverAfterQuietHours,
  localMinutes,
  nextDigestAt,
  subscriptionWants,
} from './subscriptions';
