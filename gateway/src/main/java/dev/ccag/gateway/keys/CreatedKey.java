package dev.ccag.gateway.keys;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The answer to creating or rotating a key: the only time its plaintext ({@code key}) is ever shown. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreatedKey(ApiKey apiKey, String key) {
    /** Never the secret: records print themselves in logs and assertion messages. */
    @Override
    public String toString() {
        return "CreatedKey[" + apiKey + ", key=" + apiKey.display() + "]";
    }
}
