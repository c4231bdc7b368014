package dev.ccag.gateway.websearch;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP for the providers, with one deadline for the whole exchange (connect, headers and body:
 * the JDK's request timeout alone stops at the headers). Failures map to the error codes the
 * client sees: 429 → {@code too_many_requests}, anything else → {@code unavailable}.
 */
final class ProviderHttp {
    private static final int MAX_BODY_CHARS = 4 * 1024 * 1024;

    private final HttpClient client;
    private final Duration timeout;

    ProviderHttp(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    Duration timeout() {
        return timeout;
    }

    /** The response of a 2xx exchange; anything else is a {@link SearchException}. */
    HttpResponse<String> send(HttpRequest request, String provider) throws SearchException {
        return check(exchange(request, provider), provider);
    }

    /** The response whatever its status; only a timeout or a broken connection throws. */
    HttpResponse<String> exchange(HttpRequest request, String provider) throws SearchException {
        CompletableFuture<HttpResponse<String>> call = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> response;
        try {
            response = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new SearchException(SearchErrorCode.UNAVAILABLE, provider + " did not answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new SearchException(SearchErrorCode.UNAVAILABLE, provider + " search interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof IOException io ? io : e.getCause();
            throw new SearchException(SearchErrorCode.UNAVAILABLE, provider + " unreachable: " + cause);
        }
        return response;
    }

    /** 2xx passes; 429 is {@code too_many_requests}; any other status, or an oversized body, is {@code unavailable}. */
    static HttpResponse<String> check(HttpResponse<String> response, String provider) throws SearchException {
        int status = response.statusCode();
        if (status == 429) {
            throw new SearchException(SearchErrorCode.TOO_MANY_REQUESTS, provider + " answered 429");
        }
        if (status / 100 != 2) {
            throw new SearchException(SearchErrorCode.UNAVAILABLE, provider + " answered " + status);
        }
        if (response.body() != null && response.body().length() > MAX_BODY_CHARS) {
            throw new SearchException(SearchErrorCode.UNAVAILABLE, provider + " answered more than " + MAX_BODY_CHARS + " characters");
        }
        return response;
    }
}
