package dev.ccag.gateway.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Typed access to a JSON request body with 400 problems that name the field. Absent and {@code null}
 * differ: {@link #has} tells a PATCH whether to touch a field, and a present {@code null} clears it.
 */
public final class Fields {
    private final JsonNode body;

    private Fields(JsonNode body) {
        this.body = body;
    }

    public static Fields of(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.badRequest("the request body must be a JSON object");
        }
        return new Fields(body);
    }

    public boolean has(String name) {
        return body.has(name);
    }

    private JsonNode value(String name) {
        JsonNode v = body.get(name);
        return v == null || v.isNull() ? null : v;
    }

    public String string(String name, int maxLength) {
        JsonNode v = value(name);
        if (v == null) {
            return null;
        }
        if (!v.isString()) {
            throw ApiProblem.badRequest(name + ": must be a string");
        }
        String s = v.asString().trim();
        if (s.length() > maxLength) {
            throw ApiProblem.badRequest(name + ": at most " + maxLength + " characters");
        }
        return s.isEmpty() ? null : s;
    }

    public String requiredString(String name, int maxLength) {
        String s = string(name, maxLength);
        if (s == null) {
            throw ApiProblem.badRequest(name + ": is required");
        }
        return s;
    }

    /** A whole number of at least 0; null when absent or null. */
    public Integer nonNegativeInt(String name) {
        JsonNode v = value(name);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0) {
            throw ApiProblem.badRequest(name + ": must be a whole number from 0 to " + Integer.MAX_VALUE);
        }
        return v.intValue();
    }

    public Long nonNegativeLong(String name) {
        JsonNode v = value(name);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw ApiProblem.badRequest(name + ": must be a whole number of at least 0");
        }
        return v.longValue();
    }

    public Boolean bool(String name) {
        JsonNode v = value(name);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            throw ApiProblem.badRequest(name + ": must be true or false");
        }
        return v.booleanValue();
    }

    /** A list of non-empty strings; null when absent or null. */
    public List<String> strings(String name, int maxItems) {
        JsonNode v = value(name);
        if (v == null) {
            return null;
        }
        if (!v.isArray() || v.size() > maxItems) {
            throw ApiProblem.badRequest(name + ": must be an array of at most " + maxItems + " strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isString() || item.asString().isBlank() || item.asString().length() > 200) {
                throw ApiProblem.badRequest(name + ": every item must be a non-empty string of at most 200 characters");
            }
            out.add(item.asString().trim());
        }
        return List.copyOf(out);
    }

    /** An ISO-8601 instant such as {@code 2026-01-31T00:00:00Z}. */
    public Instant instant(String name) {
        String s = string(name, 64);
        return s == null ? null : parseInstant(name, s);
    }

    public static Instant parseInstant(String name, String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest(name + ": must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
        }
    }
}
