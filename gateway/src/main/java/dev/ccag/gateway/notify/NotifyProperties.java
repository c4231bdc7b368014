package dev.ccag.gateway.notify;

import dev.ccag.gateway.config.CcagProperties;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code ccag.notify.*}: the delivery queue, retry policy and the channels events go to. */
@ConfigurationProperties(prefix = "ccag.notify")
public record NotifyProperties(
        /** Events waiting for the worker; further events are dropped (and counted) while it is full. */
        @DefaultValue("1000") int queueCapacity,
        /** Attempts per channel, the first included. */
        @DefaultValue("6") int maxAttempts,
        /** Wait before the second attempt; doubled for each further one up to {@code max-backoff}. */
        @DefaultValue("2s") Duration initialBackoff,
        @DefaultValue("5m") Duration maxBackoff,
        /** Rate-limit refusals of one key within {@code storm-window} that raise a {@code ratelimit.storm} event. */
        @DefaultValue("20") int stormThreshold,
        @DefaultValue("5m") Duration stormWindow,
        /** Events and their delivery log older than this are deleted (hourly). Keep it longer than the longest budget period. */
        @DefaultValue("400d") Duration retention,
        @DefaultValue List<Channel> channels,
        /** How often one replica looks for deliveries another replica did not make (it stopped mid-retry). */
        @DefaultValue("30s") Duration sweepInterval,
        /** How overdue a delivery must be before the sweep takes it over. */
        @DefaultValue("60s") Duration sweepGrace) {

    public record Channel(
            /** Names the channel in the delivery log; {@code <type>-<index>} when empty. */
            String name,
            /** webhook | sns | eventbridge */
            String type,
            /** Event types this channel receives (budget.threshold, ...); all when empty. */
            @DefaultValue List<String> events,
            /** webhook: where to POST. */
            String url,
            /** webhook: the HMAC-SHA256 key of the {@code ccag-signature} header. */
            String secret,
            /** Timeout of one attempt (webhook: connect and response; sns, eventbridge: the whole API call). */
            @DefaultValue("10s") Duration timeout,
            /** sns: the topic to publish to. */
            String topicArn,
            /** eventbridge: the bus to put events on ({@code default} when empty). */
            String eventBusName,
            /** sns, eventbridge */
            String region,
            /** sns, eventbridge: overrides the AWS endpoint (tests, VPC endpoints). */
            String endpointUrl,
            @DefaultValue CcagProperties.Credentials credentials) {}
}
