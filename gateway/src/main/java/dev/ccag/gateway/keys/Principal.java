package dev.ccag.gateway.keys;

/**
 * Who is calling: the key's id and display form, and the owner when there is one. Records
 * stay small so they can be cached and passed down the pipeline without copying.
 */
public record Principal(String keyId, String keyDisplay, String userId, String teamId) {}
