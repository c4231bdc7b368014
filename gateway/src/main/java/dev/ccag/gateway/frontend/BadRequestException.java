package dev.ccag.gateway.frontend;

/** A request the front end refuses before the pipeline sees it; the connection closes after the answer. */
final class BadRequestException extends Exception {
    final int status;

    BadRequestException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}
