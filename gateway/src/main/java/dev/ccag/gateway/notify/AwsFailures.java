package dev.ccag.gateway.notify;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Which AWS service errors are worth another attempt: throttling and server-side failures. */
final class AwsFailures {
    private AwsFailures() {}

    static DeliveryResult of(AwsServiceException e) {
        int status = e.statusCode();
        String message = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage() : e.getMessage();
        return status >= 500 || status == 429 || e.isThrottlingException()
                ? DeliveryResult.retry(status, message) : DeliveryResult.fail(status, message);
    }
}
