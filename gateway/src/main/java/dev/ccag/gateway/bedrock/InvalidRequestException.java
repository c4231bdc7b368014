package dev.ccag.gateway.bedrock;

/** The client's request cannot be translated; the message is shown to the client as a 400. */
public final class InvalidRequestException extends Exception {
    public InvalidRequestException(String message) {
        super(message, null, false, false);
    }
}
