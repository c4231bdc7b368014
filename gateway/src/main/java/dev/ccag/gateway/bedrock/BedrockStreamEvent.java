package dev.ccag.gateway.bedrock;

/** One decoded frame of Bedrock's response event stream. */
public sealed interface BedrockStreamEvent {
    /** An Anthropic stream event, as the JSON bytes Bedrock wrapped in base64. */
    record Chunk(byte[] json) implements BedrockStreamEvent {}

    /** A mid-stream exception frame, e.g. {@code throttlingException}. */
    record StreamException(String exceptionType, String message) implements BedrockStreamEvent {}
}
