package dev.ccag.gateway.proxy;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids in Anthropic's style ({@code req_} + 24 base62 characters); unique, not secret.
 *
 * <p>The first 8 characters are the time in milliseconds and the other 16 random (95 bits). The ids
 * are the usage ledger's primary key: ids that grow with time are inserted at the end of its index,
 * where random ones rewrite a random index page for every record (measured: about a tenth of the
 * gateway's CPU on the embedded database).
 */
public final class RequestIds {
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int TIME_CHARS = 8; // 62^8 ms: until the year 8900
    private static final int LENGTH = 28;

    private RequestIds() {}

    public static String next() {
        return next(System.currentTimeMillis());
    }

    public static String next(long epochMillis) {
        char[] id = new char[LENGTH];
        id[0] = 'r';
        id[1] = 'e';
        id[2] = 'q';
        id[3] = '_';
        long time = epochMillis;
        for (int i = 4 + TIME_CHARS - 1; i >= 4; i--) {
            id[i] = ALPHABET[(int) (time % ALPHABET.length)];
            time /= ALPHABET.length;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 4 + TIME_CHARS; i < LENGTH; i++) {
            id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }
}
