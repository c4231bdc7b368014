package dev.ccag.gateway.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestHeadTest {

    private static RequestHead parse(String head) throws BadRequestException {
        byte[] b = head.getBytes(StandardCharsets.ISO_8859_1);
        return RequestHead.parse(b, 0, b.length);
    }

    private static void refused(String head, int status, String message) {
        assertThatThrownBy(() -> parse(head)).isInstanceOfSatisfying(BadRequestException.class, e -> {
            assertThat(e.status).isEqualTo(status);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void readsTheRequestLineAndHeadersAsSent() throws Exception {
        RequestHead h = parse("POST /anthropic/v1/messages?beta=true HTTP/1.1\r\nHost: gw:8080\r\nx-api-key:  sk-ccag-1 \r\n"
                + "anthropic-beta: a,b\r\nAnthropic-Beta: c\r\nContent-Length: 12\r\n\r\n");
        assertThat(h.method).isEqualTo("POST");
        assertThat(h.target).isEqualTo("/anthropic/v1/messages?beta=true");
        assertThat(h.path).isEqualTo("/anthropic/v1/messages");
        assertThat(h.query).isEqualTo("beta=true");
        assertThat(h.http11).isTrue();
        assertThat(h.header("X-API-KEY")).isEqualTo("sk-ccag-1"); // names case-insensitive, value without surrounding spaces
        assertThat(h.headers("anthropic-beta")).containsExactly("a,b", "c");
        assertThat(h.occurrences("content-length")).isEqualTo(1);
        assertThat(h.header("authorization")).isNull();
        assertThat(h.headers("authorization")).isEmpty();
    }

    @Test
    void acceptsBareLineFeedsAndHttp10AndTheAbsoluteForm() throws Exception {
        RequestHead h = parse("GET http://gw:8080/v1/models?limit=2 HTTP/1.0\nHost: gw\n\n");
        assertThat(h.http11).isFalse();
        assertThat(h.path).isEqualTo("/v1/models");
        assertThat(h.query).isEqualTo("limit=2");
        assertThat(parse("GET http://gw:8080 HTTP/1.1\r\nHost: gw\r\n\r\n").path).isEqualTo("/");
        assertThat(parse("OPTIONS * HTTP/1.1\r\nHost: gw\r\n\r\n").path).isNull();
    }

    @Test
    void connectionTokensAreReadFromCommaSeparatedValues() throws Exception {
        RequestHead h = parse("GET / HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, Close\r\n\r\n");
        assertThat(h.hasToken("connection", "close")).isTrue();
        assertThat(h.hasToken("connection", "upgrade")).isFalse();
    }

    @Test
    void valuesMayCarryObsoleteTextBytes() throws Exception {
        RequestHead h = parse("GET / HTTP/1.1\r\nHost: x\r\nx-name: caf\u00e9\r\n\r\n");
        assertThat(h.header("x-name")).isEqualTo("caf\u00e9");
    }

    @Test
    void refusesWhatCouldBeReadTwoWays() {
        refused("GET / HTTP/1.1\r\nHost: x\r\n folded: value\r\n\r\n", 400, "folded");
        refused("GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400, "malformed header");
        refused("GET / HTTP/1.1\r\nHost: x\r\nx-a: b\rc\r\n\r\n", 400, "bare CR");
        refused("GET / HTTP/1.1\r\nHost: x\r\nx-a: b\u0001c\r\n\r\n", 400, "control character");
        refused("GET / HTTP/1.1\r\n: empty-name\r\n\r\n", 400, "malformed header");
        refused("GET /a b HTTP/1.1\r\nHost: x\r\n\r\n", 400, "malformed HTTP version");
        refused("GET  / HTTP/1.1\r\nHost: x\r\n\r\n", 400, "malformed request target");
        refused("G(T / HTTP/1.1\r\nHost: x\r\n\r\n", 400, "malformed request line");
        refused("GET /caf\u00e9 HTTP/1.1\r\nHost: x\r\n\r\n", 400, "malformed request target");
        refused("GET / HTTP/1.1 \r\nHost: x\r\n\r\n", 400, "malformed HTTP version");
        refused("GET / http/1.1\r\nHost: x\r\n\r\n", 400, "malformed HTTP version");
    }

    @Test
    void anotherHttpVersionIs505() {
        refused("GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505, "not supported");
    }

    @Test
    void moreThanAHundredHeaderLinesAreRefused() throws Exception {
        StringBuilder ok = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i < RequestHead.MAX_HEADERS; i++) ok.append("x-h").append(i).append(": v\r\n");
        assertThat(parse(ok + "\r\n").header("x-h99")).isEqualTo("v");
        refused(ok + "x-one-more: v\r\n\r\n", 400, "more than 100");
    }
}
