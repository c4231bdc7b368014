package dev.ccag.gateway.accounts;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** A team; {@code allowedModels} (null = every model) bounds the keys attached to it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Team(String id, String name, String description, List<String> allowedModels, Instant createdAt, Instant updatedAt) {}
