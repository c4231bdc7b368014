package dev.ccag.emulator;

/** Which combinations of temperature / top_p / top_k a model accepts. */
enum SamplingRule {
    /** any of them, in any combination */
    FREE,
    /** temperature or top_p, not both (Sonnet 4.5, Haiku 4.5) */
    TEMPERATURE_XOR_TOP_P,
    /** none of them (Opus 4.7) */
    NONE;

    static SamplingRule parse(String value) {
        return switch (value) {
            case "free" -> FREE;
            case "temperature-xor-top-p" -> TEMPERATURE_XOR_TOP_P;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("emulator-models.yaml: unknown sampling rule '" + value
                    + "' (expected free, temperature-xor-top-p or none)");
        };
    }
}
