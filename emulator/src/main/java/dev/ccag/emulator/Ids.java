package dev.ccag.emulator;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Ids in Bedrock's shapes: {@code msg_bdrk_…}, {@code toolu_bdrk_…}, request ids as UUIDs. */
final class Ids {
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private Ids() {}

    static String message() {
        return "msg_bdrk_01" + random(22);
    }

    static String toolUse() {
        return "toolu_bdrk_01" + random(22);
    }

    static String request() {
        return UUID.randomUUID().toString();
    }

    private static String random(int n) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] out = new char[n];
        for (int i = 0; i < n; i++) out[i] = ALPHABET[r.nextInt(ALPHABET.length)];
        return new String(out);
    }
}
