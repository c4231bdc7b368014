package dev.ccag.gateway.notify;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/** Puts the notification on an Amazon EventBridge bus: source {@code ccag}, detail-type = the event type, detail = the JSON. */
public class EventBridgeChannel implements NotificationChannel {
    public static final String SOURCE = "ccag";
    private final EventBridgeClient events;
    private final String busName;

    public EventBridgeChannel(EventBridgeClient events, String busName) {
        this.events = events;
        this.busName = busName == null || busName.isBlank() ? "default" : busName;
    }

    @Override
    public DeliveryResult deliver(OutgoingNotification n) {
        try {
            PutEventsResponse response = events.putEvents(r -> r.entries(PutEventsRequestEntry.builder()
                    .eventBusName(busName).source(SOURCE).detailType(n.type()).detail(n.body()).build()));
            int status = response.sdkHttpResponse().statusCode();
            if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
                // PutEvents answers 200 with per-entry failures; internal failures and throttling are worth a retry.
                PutEventsResultEntry entry = response.entries().isEmpty() ? null : response.entries().getFirst();
                String code = entry == null ? null : entry.errorCode();
                String error = entry == null ? "failed entry" : code + ": " + entry.errorMessage();
                boolean transientFailure = code == null || code.contains("Internal") || code.contains("Throttl");
                return transientFailure ? DeliveryResult.retry(status, error) : DeliveryResult.fail(status, error);
            }
            return DeliveryResult.ok(status);
        } catch (AwsServiceException e) {
            return AwsFailures.of(e);
        } catch (SdkException e) {
            return DeliveryResult.retry(null, e.getMessage());
        }
    }
}
