package dev.ccag.gateway.pool;

/** No enabled endpoint serves the model the client asked for. */
public final class NoEndpointException extends Exception {
    public NoEndpointException(String model) {
        super("model " + model + " is not served by any Bedrock endpoint of this gateway", null, false, false);
    }
}
