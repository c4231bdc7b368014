package dev.ccag.bench;

import java.time.Duration;
import java.util.function.Supplier;

/** Where a worker takes the bytes of its next request from; fetched before the clock starts. */
@FunctionalInterface
public interface RequestSource {
    byte[] request();

    static RequestSource fixed(byte[] request) {
        return () -> request;
    }

    /**
     * A signed request reused until it is {@code maxAge} old, then signed afresh: SigV4 signatures
     * are valid for minutes (the emulator allows 5 of clock skew), and signing per request would put
     * a SHA-256 of every body into the client's cost.
     */
    static RequestSource resigning(Supplier<byte[]> sign, Duration maxAge) {
        return new Resigning(sign, maxAge.toNanos());
    }

    final class Resigning implements RequestSource {
        private final Supplier<byte[]> sign;
        private final long maxAgeNanos;
        private volatile byte[] current;
        private volatile long signedAt;

        private Resigning(Supplier<byte[]> sign, long maxAgeNanos) {
            this.sign = sign;
            this.maxAgeNanos = maxAgeNanos;
            this.current = sign.get();
            this.signedAt = System.nanoTime();
        }

        @Override
        public byte[] request() {
            if (System.nanoTime() - signedAt > maxAgeNanos) {
                synchronized (this) {
                    if (System.nanoTime() - signedAt > maxAgeNanos) {
                        current = sign.get();
                        signedAt = System.nanoTime();
                    }
                }
            }
            return current;
        }
    }
}
