package dev.ccag.emulator;

/**
 * Bedrock Runtime's error names and HTTP statuses (PROTOCOL §11), plus the credential errors of
 * AWS's front door. {@code streamType} is the {@code :exception-type} of the mid-stream frame, where
 * the service model allows the error inside an event stream.
 */
enum BedrockError {
    VALIDATION("ValidationException", 400, "validationException"),
    SERVICE_QUOTA_EXCEEDED("ServiceQuotaExceededException", 400, null),
    ACCESS_DENIED("AccessDeniedException", 403, null),
    RESOURCE_NOT_FOUND("ResourceNotFoundException", 404, null),
    MODEL_TIMEOUT("ModelTimeoutException", 408, "modelTimeoutException"),
    MODEL_ERROR("ModelErrorException", 424, null),
    MODEL_STREAM_ERROR("ModelStreamErrorException", 424, "modelStreamErrorException"),
    THROTTLING("ThrottlingException", 429, "throttlingException"),
    MODEL_NOT_READY("ModelNotReadyException", 429, null),
    INTERNAL_SERVER("InternalServerException", 500, "internalServerException"),
    SERVICE_UNAVAILABLE("ServiceUnavailableException", 503, "serviceUnavailableException"),
    UNRECOGNIZED_CLIENT("UnrecognizedClientException", 403, null),
    INVALID_SIGNATURE("InvalidSignatureException", 403, null),
    INCOMPLETE_SIGNATURE("IncompleteSignatureException", 403, null),
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationTokenException", 403, null),
    UNKNOWN_OPERATION("UnknownOperationException", 404, null);

    /** The suffix AWS appends to the name in {@code x-amzn-ErrorType}. */
    static final String ERROR_TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazon.bedrock/";

    final String awsName;
    final int status;
    final String streamType;

    BedrockError(String awsName, int status, String streamType) {
        this.awsName = awsName;
        this.status = status;
        this.streamType = streamType;
    }

    String errorTypeHeader() {
        return awsName + ERROR_TYPE_SUFFIX;
    }

    BedrockException with(String message) {
        return new BedrockException(this, message);
    }
}
