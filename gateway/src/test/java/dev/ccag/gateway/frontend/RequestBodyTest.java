package dev.ccag.gateway.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccag.gateway.proxy.ApiException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RequestBodyTest {
    private static final long WAIT = 1_000_000_000L;

    private static ConnectionInput input(String bytes) {
        return new ConnectionInput(new ByteArrayInputStream(bytes.getBytes(StandardCharsets.ISO_8859_1)), WAIT);
    }

    private static String readAll(RequestBody body) throws Exception {
        return new String(body.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void aFixedLengthBodyEndsAtItsLengthAndLeavesTheNextRequestUnread() throws Exception {
        ConnectionInput in = input("hello worldGET /next");
        RequestBody body = new RequestBody.FixedLength(in, 11, null);
        assertThat(readAll(body)).isEqualTo("hello world");
        assertThat(body.reusable()).isTrue();
        assertThat(body.finish()).isTrue();
        assertThat((char) in.read()).isEqualTo('G');
    }

    @Test
    void aShortFixedLengthBodyReadsAsShort() throws Exception {
        RequestBody body = new RequestBody.FixedLength(input("abc"), 10, null);
        assertThat(readAll(body)).isEqualTo("abc");
    }

    @Test
    void anUnreadRestIsSkippedWhenSmallAndEndsTheConnectionWhenLarge() throws Exception {
        ConnectionInput in = input("x".repeat(100) + "NEXT");
        RequestBody small = new RequestBody.FixedLength(in, 100, null);
        assertThat(small.reusable()).isTrue();
        assertThat(small.finish()).isTrue();
        assertThat((char) in.read()).isEqualTo('N');

        RequestBody large = new RequestBody.FixedLength(input("y"), RequestBody.MAX_DRAIN + 1, null);
        assertThat(large.reusable()).isFalse();
        assertThat(large.finish()).isFalse();
    }

    @Test
    void continueIsSentOnceAtTheFirstReadAndABodyNeverAskedForIsNotReusable() throws Exception {
        AtomicInteger continues = new AtomicInteger();
        RequestBody body = new RequestBody.FixedLength(input("abcdef"), 6, continues::incrementAndGet);
        assertThat(body.continuePending()).isTrue();
        assertThat(body.reusable()).as("the client may still be waiting to send it").isFalse();
        assertThat(body.read(new byte[2], 0, 2)).isEqualTo(2);
        assertThat(body.read(new byte[4], 0, 4)).isEqualTo(4);
        assertThat(continues).hasValue(1);
        assertThat(body.reusable()).isTrue();

        AtomicInteger none = new AtomicInteger();
        RequestBody empty = new RequestBody.FixedLength(input(""), 0, none::incrementAndGet);
        assertThat(empty.read()).isEqualTo(-1);
        assertThat(none).as("nothing to ask for").hasValue(0);
    }

    @Test
    void aChunkedBodyIsDecodedWithExtensionsAndTrailersAndEndsAtTheLastChunk() throws Exception {
        ConnectionInput in = input("5;name=value\r\nhello\r\n1\r\n \r\nA\nabcdefghij\n0\r\nx-trailer: t\r\n\r\nNEXT");
        RequestBody body = new RequestBody.Chunked(in, null);
        assertThat(body.reusable()).isFalse();
        assertThat(readAll(body)).isEqualTo("hello abcdefghij");
        assertThat(body.reusable()).isTrue();
        assertThat(body.finish()).isTrue();
        assertThat((char) in.read()).isEqualTo('N');
    }

    @Test
    void aMalformedChunkedBodyIs400AndAConnectionEndingInsideOneReadsAsShort() throws Exception {
        assertThatThrownBy(() -> readAll(new RequestBody.Chunked(input("zz\r\nhello\r\n0\r\n\r\n"), null)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.error().status()).isEqualTo(400);
                    assertThat(e.error().message()).contains("bad chunk size");
                });
        assertThatThrownBy(() -> readAll(new RequestBody.Chunked(input("2\r\nhello\r\n0\r\n\r\n"), null)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error().message()).contains("longer than its size"));
        RequestBody cut = new RequestBody.Chunked(input("5\r\nhel"), null);
        assertThat(readAll(cut)).isEqualTo("hel");
        assertThat(cut.reusable()).isFalse();
    }
}
