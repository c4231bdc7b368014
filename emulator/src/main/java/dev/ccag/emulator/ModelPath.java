package dev.ccag.emulator;

/**
 * {@code /model/{modelId}/{operation}} as it arrives on the wire. The id stays encoded in the raw
 * path: an ARN's {@code /} travels as {@code %2F}, so a raw {@code /} inside the id means the client
 * forgot to encode it, and Bedrock would not find the operation.
 */
record ModelPath(String modelId, ModelOperation operation) {
    private static final String PREFIX = "/model/";

    /** @return null when the path is not a model path at all */
    static ModelPath parse(String rawPath) {
        if (!rawPath.startsWith(PREFIX)) return null;
        String rest = rawPath.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash < 1 || rest.indexOf('/', slash + 1) >= 0) {
            throw BedrockError.UNKNOWN_OPERATION.with("Unknown operation for path " + rawPath
                    + " (is the model id URL-encoded?)");
        }
        ModelOperation op = ModelOperation.byPathName(rest.substring(slash + 1));
        if (op == null) throw BedrockError.UNKNOWN_OPERATION.with("Unknown operation " + rest.substring(slash + 1));
        return new ModelPath(UriEncoding.decode(rest.substring(0, slash)), op);
    }
}
