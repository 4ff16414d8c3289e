import { AlertLifecycleService } from './alert-lifecycle.service';
import { AlertingController } from './alerting.controller';
import { AlertDispatchService } from './delivery/alert-dispatch.service';
import { NotificationDeliveryWorker } from './delivery/notification-delivery.worker';
import { AlertConfigService } from './routing/alert-config.service';

/** Providers and controllers of alert routing and delivery, registered in AppModule. */
export const ALERT_ROUTING_PROVIDERS = [
  AlertConfigService,
  AlertLifecycleService,
  AlertDispatchService,
  NotificationDeliveryWorker,
];
export const ALERT_ROUTING_CONTROLLERS = [AlertingController];
