package dev.ccag.gateway.bedrock;

/** The three Bedrock Runtime operations CCAG calls, with their path suffix. */
public enum BedrockOperation {
    INVOKE("invoke"),
    INVOKE_STREAM("invoke-with-response-stream"),
    COUNT_TOKENS("count-tokens");

    private final String pathSuffix;

    BedrockOperation(String pathSuffix) {
        this.pathSuffix = pathSuffix;
    }

    public String pathSuffix() {
        return pathSuffix;
    }
}
