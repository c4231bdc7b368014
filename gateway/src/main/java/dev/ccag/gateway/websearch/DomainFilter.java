package dev.ccag.gateway.websearch;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * {@code allowed_domains} / {@code blocked_domains}: a domain covers itself and its subdomains
 * ({@code example.com} matches {@code docs.example.com}, not {@code badexample.com}).
 */
final class DomainFilter {
    private DomainFilter() {}

    /** True when the result may be shown: inside an allowed domain (if any are set) and in no blocked one. */
    static boolean admits(String url, List<String> allowed, List<String> blocked) {
        String host = host(url);
        if (host == null) return false;
        if (!allowed.isEmpty() && allowed.stream().noneMatch(d -> covers(d, host))) return false;
        return blocked.stream().noneMatch(d -> covers(d, host));
    }

    static boolean covers(String domain, String host) {
        return host.equals(domain) || host.endsWith("." + domain);
    }

    /**
     * A client's domain entry as a bare lower-case host: a scheme, path, port or trailing dot is dropped
     * ({@code https://Docs.Example.com/x} → {@code docs.example.com}); null when nothing host-like remains.
     */
    static String normalise(String entry) {
        String d = entry.strip().toLowerCase(Locale.ROOT);
        int scheme = d.indexOf("://");
        if (scheme >= 0) d = d.substring(scheme + 3);
        int cut = d.length();
        for (char c : new char[] {'/', '?', '#', ':'}) {
            int i = d.indexOf(c);
            if (i >= 0 && i < cut) cut = i;
        }
        d = d.substring(0, cut);
        while (d.endsWith(".")) d = d.substring(0, d.length() - 1);
        if (d.startsWith("*.")) d = d.substring(2);
        return d.isEmpty() || !d.matches("[a-z0-9.-]+") ? null : d;
    }

    private static String host(String url) {
        try {
            String h = URI.create(url.strip()).getHost();
            if (h == null) return null;
            h = h.toLowerCase(Locale.ROOT);
            return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
