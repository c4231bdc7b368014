package dev.ccag.gateway.bedrock;

/** The requested model is neither in the catalog nor a Claude id we can map by rule; answered with 404. */
public final class UnknownModelException extends Exception {
    private final String model;

    public UnknownModelException(String model) {
        super("unknown model: " + model, null, false, false);
        this.model = model;
    }

    public String model() {
        return model;
    }
}
