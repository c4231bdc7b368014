package dev.ccag.gateway.notify;

/** One way out (webhook, SNS, EventBridge). Called from the delivery worker, never from a request thread. */
public interface NotificationChannel {
    DeliveryResult deliver(OutgoingNotification notification);
}
