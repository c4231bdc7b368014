package dev.ccag.gateway.proxy;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Removes Bedrock's own top-level keys ({@code amazon-bedrock-*}) that are no part of Anthropic's API. */
final class BedrockExtras {
    private static final String PREFIX = "amazon-bedrock-";
    private static final String METRICS = "amazon-bedrock-invocationMetrics";

    private BedrockExtras() {}

    /** @return true when something was removed (so the JSON must be written again) */
    static boolean strip(ObjectNode node, Usage usage) {
        List<String> extras = null;
        for (String name : node.propertyNames()) {
            if (name.startsWith(PREFIX)) {
                if (extras == null) extras = new ArrayList<>(2);
                extras.add(name);
            }
        }
        if (extras == null) {
            return false;
        }
        for (String name : extras) {
            var removed = node.remove(name);
            if (METRICS.equals(name)) {
                usage.absorbInvocationMetrics(removed);
            }
        }
        return true;
    }
}
