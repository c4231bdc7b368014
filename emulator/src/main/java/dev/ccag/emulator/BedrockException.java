package dev.ccag.emulator;

/** A Bedrock error the emulator answers with; thrown anywhere in request handling. */
final class BedrockException extends RuntimeException {
    final BedrockError error;

    BedrockException(BedrockError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    static BedrockException validation(String message) {
        return new BedrockException(BedrockError.VALIDATION, message);
    }

    static BedrockException extraInput(String path) {
        return validation(path + ": Extra inputs are not permitted");
    }
}
