package dev.ccag.gateway.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccag.gateway.config.CcagProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelFactoryTest {
    private static final CcagProperties.Credentials STATIC =
            new CcagProperties.Credentials("static", null, "AKID", "secret", null, null, null, "ccag");

    private static NotifyProperties.Channel channel(String name, String type, String url, String secret, String topicArn,
            String region, List<String> events) {
        return new NotifyProperties.Channel(name, type, events, url, secret, Duration.ofSeconds(1), topicArn, null, region,
                null, STATIC);
    }

    @Test
    void buildsEachTypeWithItsNameAndEventFilter() {
        List<ChannelRoute> routes = ChannelFactory.routes(List.of(
                channel(null, "webhook", "http://127.0.0.1:1/hook", "s", null, null, List.of("budget.blocked")),
                channel("topic", "SNS", null, null, "arn:aws:sns:us-east-1:1:t", "us-east-1", List.of()),
                channel(null, "eventbridge", null, null, null, "eu-west-1", List.of())), Clock.systemUTC());

        assertThat(routes).extracting(ChannelRoute::name).containsExactly("webhook-0", "topic", "eventbridge-2");
        assertThat(routes).extracting(r -> r.channel().getClass().getSimpleName())
                .containsExactly("WebhookChannel", "SnsChannel", "EventBridgeChannel");
        assertThat(routes.get(0).accepts("budget.blocked")).isTrue();
        assertThat(routes.get(0).accepts("budget.threshold")).isFalse();
        assertThat(routes.get(1).accepts("endpoint.throttling")).isTrue();
    }

    @Test
    void badEntriesNameTheirKey() {
        assertThatThrownBy(() -> ChannelFactory.routes(List.of(channel(null, "pager", null, null, null, null, List.of())), Clock.systemUTC()))
                .hasMessageContaining("ccag.notify.channels[0].type").hasMessageContaining("pager");
        assertThatThrownBy(() -> ChannelFactory.routes(List.of(channel(null, "webhook", "http://127.0.0.1:1/", null, null, null, List.of())),
                Clock.systemUTC())).hasMessageContaining("ccag.notify.channels[0].secret");
        assertThatThrownBy(() -> ChannelFactory.routes(List.of(channel(null, "webhook", null, "s", null, null, List.of())), Clock.systemUTC()))
                .hasMessageContaining("ccag.notify.channels[0].url");
        assertThatThrownBy(() -> ChannelFactory.routes(List.of(channel(null, "sns", null, null, null, "us-east-1", List.of())), Clock.systemUTC()))
                .hasMessageContaining("ccag.notify.channels[0].topic-arn");
        assertThatThrownBy(() -> ChannelFactory.routes(List.of(channel(null, "eventbridge", null, null, null, null, List.of())), Clock.systemUTC()))
                .hasMessageContaining("ccag.notify.channels[0].region");
        assertThatThrownBy(() -> ChannelFactory.routes(List.of(
                channel("x", "webhook", "http://127.0.0.1:1/", "s", null, null, List.of()),
                channel("x", "webhook", "http://127.0.0.1:2/", "s", null, null, List.of())), Clock.systemUTC()))
                .hasMessageContaining("ccag.notify.channels[1].name");
    }
}
