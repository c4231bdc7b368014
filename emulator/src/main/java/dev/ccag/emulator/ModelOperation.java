package dev.ccag.emulator;

/** The Bedrock Runtime operations the emulator serves, by the last segment of their path. */
enum ModelOperation {
    INVOKE("invoke"),
    INVOKE_STREAM("invoke-with-response-stream"),
    COUNT_TOKENS("count-tokens");

    final String pathName;

    ModelOperation(String pathName) {
        this.pathName = pathName;
    }

    static ModelOperation byPathName(String name) {
        for (ModelOperation op : values()) {
            if (op.pathName.equals(name)) return op;
        }
        return null;
    }
}
