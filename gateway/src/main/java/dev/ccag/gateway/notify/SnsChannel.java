package dev.ccag.gateway.notify;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishResponse;

/** Publishes the notification JSON to an Amazon SNS topic, with the event type as a message attribute for subscription filters. */
public class SnsChannel implements NotificationChannel {
    private final SnsClient sns;
    private final String topicArn;

    public SnsChannel(SnsClient sns, String topicArn) {
        if (topicArn == null || topicArn.isBlank()) {
            throw new IllegalArgumentException("an sns channel needs a topic-arn");
        }
        this.sns = sns;
        this.topicArn = topicArn;
    }

    @Override
    public DeliveryResult deliver(OutgoingNotification n) {
        try {
            PublishResponse response = sns.publish(r -> r.topicArn(topicArn)
                    .subject("CCAG " + n.type())
                    .message(n.body())
                    .messageAttributes(java.util.Map.of(
                            "type", MessageAttributeValue.builder().dataType("String").stringValue(n.type()).build(),
                            "event_id", MessageAttributeValue.builder().dataType("String").stringValue(n.eventId()).build())));
            return DeliveryResult.ok(response.sdkHttpResponse().statusCode());
        } catch (AwsServiceException e) {
            return AwsFailures.of(e);
        } catch (SdkException e) {
            return DeliveryResult.retry(null, e.getMessage());
        }
    }
}
