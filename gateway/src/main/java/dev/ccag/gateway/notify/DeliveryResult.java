package dev.ccag.gateway.notify;

/** The outcome of one attempt to hand a notification to a channel. */
public record DeliveryResult(boolean delivered, boolean retryable, Integer httpStatus, String error) {
    public static DeliveryResult ok(Integer httpStatus) {
        return new DeliveryResult(true, false, httpStatus, null);
    }

    public static DeliveryResult retry(Integer httpStatus, String error) {
        return new DeliveryResult(false, true, httpStatus, error);
    }

    public static DeliveryResult fail(Integer httpStatus, String error) {
        return new DeliveryResult(false, false, httpStatus, error);
    }
}
