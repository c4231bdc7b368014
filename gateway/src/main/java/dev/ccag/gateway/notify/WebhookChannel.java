package dev.ccag.gateway.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

/** POSTs the notification JSON, signed ({@link WebhookSignature}). 5xx, 408, 429 and I/O errors are retried. */
public class WebhookChannel implements NotificationChannel {
    public static final String EVENT_ID_HEADER = "ccag-event-id";
    private final URI url;
    private final String secret;
    private final Duration timeout;
    private final HttpClient http;
    private final Clock clock;

    public WebhookChannel(URI url, String secret, Duration timeout, Clock clock) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("a webhook channel needs a secret");
        }
        this.url = url;
        this.secret = secret;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public DeliveryResult deliver(OutgoingNotification n) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("content-type", "application/json")
                .header("user-agent", "ccag-webhook/1")
                .header(EVENT_ID_HEADER, n.eventId())
                .header(WebhookSignature.HEADER, WebhookSignature.header(secret, clock.instant(), n.body()))
                .POST(HttpRequest.BodyPublishers.ofString(n.body()))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status >= 200 && status < 300) return DeliveryResult.ok(status);
            if (status >= 500 || status == 408 || status == 429) return DeliveryResult.retry(status, "HTTP " + status);
            return DeliveryResult.fail(status, "HTTP " + status);
        } catch (IOException e) {
            return DeliveryResult.retry(null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.retry(null, "interrupted");
        }
    }
}
