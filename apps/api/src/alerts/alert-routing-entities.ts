import { AlertActivityEntity } from './alert-activity.entity';
import { AlertOutboxEntity } from './alert-outbox.entity';
import { NotificationLogEntity } from './delivery/notification-log.entity';
import { NotificationEntity } from './delivery/notification.entity';
import { AlertRuleEntity } from './routing/alert-rule.entity';
import { DeskSubscriptionEntity } from './routing/desk-subscription.entity';
import { RoutingConfigEntity } from './routing/routing-config.entity';
import { SilenceEntity } from './routing/silence.entity';

/** Entities of alert routing and delivery (issue #6); one list for orm-options and the module. */
export const ALERT_ROUTING_ENTITIES = [
  AlertActivityEntity,
  AlertOutboxEntity,
  AlertRuleEntity,
  RoutingConfigEntity,
  SilenceEntity,
  DeskSubscriptionEntity,
  NotificationEntity,
  NotificationLogEntity,
];
