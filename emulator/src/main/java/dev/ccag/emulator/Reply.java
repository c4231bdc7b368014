package dev.ccag.emulator;

import java.util.List;

/**
 * What the emulator will answer, decided from the request before anything is sent.
 *
 * @param fault      fail before the first byte with this fault name ({@link Faults#initial}), or null
 * @param midstream  fail after a few stream events with this fault name ({@link Faults#midstream}), or null
 * @param slowMs     wait before the first byte
 * @param chunks     text deltas per text block (0 = derive from length)
 * @param paceMs     wait between deltas
 */
record Reply(List<ReplyBlock> blocks, String stopReason, String fault, String midstream, long slowMs, int chunks,
             long paceMs) {

    Reply withFault(String name, boolean midstreamFault) {
        return midstreamFault ? new Reply(blocks, stopReason, fault, name, slowMs, chunks, paceMs)
                : new Reply(blocks, stopReason, name, midstream, slowMs, chunks, paceMs);
    }
}
