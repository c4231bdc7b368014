package dev.ccag.gateway.websearch;

import tools.jackson.databind.JsonNode;

/** The tool's {@code user_location} ({@code type: approximate}); every part optional. */
public record UserLocation(String city, String region, String country, String timezone) {

    static UserLocation from(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) return null;
        return new UserLocation(text(node, "city"), text(node, "region"), text(node, "country"), text(node, "timezone"));
    }

    /** "San Francisco, California, United States": the parts that are set, country spelled out. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        for (String part : new String[] {city, region, countryName()}) {
            if (part == null || part.isBlank()) continue;
            if (!sb.isEmpty()) sb.append(", ");
            sb.append(part);
        }
        return sb.toString();
    }

    /** The English name of the ISO 3166 alpha-2 {@code country}, or null. */
    String countryName() {
        if (country == null || country.length() != 2) return null;
        String name = java.util.Locale.of("", country.toUpperCase(java.util.Locale.ROOT)).getDisplayCountry(java.util.Locale.ENGLISH);
        return name.isBlank() || name.equalsIgnoreCase(country) ? null : name;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isString() && !v.asString().isBlank() ? v.asString() : null;
    }
}
