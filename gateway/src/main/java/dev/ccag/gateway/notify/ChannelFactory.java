package dev.ccag.gateway.notify;

import dev.ccag.gateway.bedrock.CredentialsProviders;
import dev.ccag.gateway.config.CcagProperties;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sns.SnsClient;

/** Turns {@code ccag.notify.channels[n]} into channel routes; a bad entry stops start-up naming its key. */
public final class ChannelFactory {
    private ChannelFactory() {}

    public static List<ChannelRoute> routes(List<NotifyProperties.Channel> channels, Clock clock) {
        List<ChannelRoute> routes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < channels.size(); i++) {
            NotifyProperties.Channel c = channels.get(i);
            String key = "ccag.notify.channels[" + i + "]";
            String type = c.type() == null ? "" : c.type().trim().toLowerCase(Locale.ROOT);
            String name = c.name() == null || c.name().isBlank() ? type + "-" + i : c.name();
            if (!names.add(name)) {
                throw new IllegalArgumentException(key + ".name: '" + name + "' is used by another channel");
            }
            NotificationChannel channel = switch (type) {
                case "webhook" -> new WebhookChannel(URI.create(require(c.url(), key + ".url")),
                        require(c.secret(), key + ".secret"), c.timeout(), clock);
                case "sns" -> {
                    String topicArn = require(c.topicArn(), key + ".topic-arn");
                    yield new SnsChannel(sns(c, key), topicArn);
                }
                case "eventbridge" -> new EventBridgeChannel(eventBridge(c, key), c.eventBusName());
                default -> throw new IllegalArgumentException(key + ".type: unknown channel type '" + c.type()
                        + "' (use webhook, sns or eventbridge)");
            };
            routes.add(new ChannelRoute(name, Set.copyOf(c.events()), channel));
        }
        return routes;
    }

    private static SnsClient sns(NotifyProperties.Channel c, String key) {
        var builder = SnsClient.builder().region(Region.of(require(c.region(), key + ".region")))
                .credentialsProvider(credentials(c, key))
                .overrideConfiguration(oneAttempt(c));
        if (c.endpointUrl() != null && !c.endpointUrl().isBlank()) builder.endpointOverride(URI.create(c.endpointUrl()));
        return builder.build();
    }

    private static EventBridgeClient eventBridge(NotifyProperties.Channel c, String key) {
        var builder = EventBridgeClient.builder().region(Region.of(require(c.region(), key + ".region")))
                .credentialsProvider(credentials(c, key))
                .overrideConfiguration(oneAttempt(c));
        if (c.endpointUrl() != null && !c.endpointUrl().isBlank()) builder.endpointOverride(URI.create(c.endpointUrl()));
        return builder.build();
    }

    /**
     * The delivery worker retries with its own backoff and logs each attempt; SDK retries inside an
     * attempt would hide failures from that log, so the SDK makes exactly one call per attempt.
     */
    private static ClientOverrideConfiguration oneAttempt(NotifyProperties.Channel c) {
        return ClientOverrideConfiguration.builder().retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(c.timeout()).build();
    }

    private static AwsCredentialsProvider credentials(NotifyProperties.Channel c, String key) {
        CcagProperties.Credentials creds = c.credentials() != null ? c.credentials()
                : new CcagProperties.Credentials("default", null, null, null, null, null, null, "ccag");
        return CredentialsProviders.from(creds, c.region(), key + ".credentials");
    }

    private static String require(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " is required for this channel type");
        }
        return value;
    }
}
