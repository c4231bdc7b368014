package dev.ccag.gateway.pool;

/**
 * Weighted rendezvous (highest random weight) hashing. Every replica ranks the endpoints for a user
 * the same way from names alone, and when an endpoint joins or leaves, only the users whose top
 * endpoint it is (or becomes) move: the least reshuffling possible, so prompt caches stay warm.
 */
final class Rendezvous {
    private Rendezvous() {}

    /** 64-bit FNV-1a of the string's UTF-16 units, finished with a mixer: stable across JVMs and replicas. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    /** Score of an endpoint for a key: weight / -ln(u) with u uniform in (0,1) from both hashes. */
    static double score(long keyHash, long endpointHash, int weight) {
        long h = mix(keyHash ^ (endpointHash * 0x9e3779b97f4a7c15L));
        double u = ((h >>> 11) + 0.5) * 0x1.0p-53;
        return weight / -Math.log(u);
    }

    /** The splitmix64 finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
