package dev.ccag.gateway.websearch;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * DuckDuckGo's HTML results page ({@code POST https://html.duckduckgo.com/html/}, the form a browser
 * without JavaScript submits). Needs no key, so it is the default. The page is scraped: results are
 * {@code div.result} elements (ads, {@code .result--ad}, are skipped) whose links go through
 * DuckDuckGo's redirector ({@code //duckduckgo.com/l/?uddg=<target>}). A bot check ("anomaly"
 * page, or status 202) is reported as {@code too_many_requests}.
 */
final class DuckDuckGoProvider implements SearchProvider {
    static final String DEFAULT_URL = "https://html.duckduckgo.com/html/";
    private static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) CCAG-web-search/1.0";
    private static final DateTimeFormatter PAGE_AGE = DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.ENGLISH);
    /** DuckDuckGo's region codes ({@code kl}) for the countries whose code is not simply cc-en. */
    private static final Map<String, String> REGIONS = Map.ofEntries(
            Map.entry("GB", "uk-en"), Map.entry("DE", "de-de"), Map.entry("FR", "fr-fr"), Map.entry("ES", "es-es"),
            Map.entry("IT", "it-it"), Map.entry("NL", "nl-nl"), Map.entry("JP", "jp-jp"), Map.entry("BR", "br-pt"),
            Map.entry("MX", "mx-es"), Map.entry("AT", "at-de"), Map.entry("CH", "ch-de"), Map.entry("SE", "se-sv"),
            Map.entry("PL", "pl-pl"), Map.entry("KR", "kr-kr"), Map.entry("CN", "cn-zh"), Map.entry("PT", "pt-pt"));

    private final ProviderHttp http;
    private final URI endpoint;

    DuckDuckGoProvider(ProviderHttp http, String baseUrl) {
        this.http = http;
        this.endpoint = URI.create(baseUrl == null || baseUrl.isBlank() ? DEFAULT_URL : baseUrl);
    }

    @Override
    public String name() {
        return "duckduckgo";
    }

    @Override
    public List<SearchResult> search(SearchRequest request) throws SearchException {
        StringBuilder form = new StringBuilder("q=").append(enc(request.queryWithSiteOperators())).append("&b=");
        String region = region(request.location());
        if (region != null) form.append("&kl=").append(region);
        HttpRequest http = HttpRequest.newBuilder(endpoint)
                .timeout(this.http.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", USER_AGENT)
                .header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                .build();
        HttpResponse<String> response = this.http.send(http, name());
        if (response.statusCode() == 202) {
            throw new SearchException(SearchErrorCode.TOO_MANY_REQUESTS, "duckduckgo asked for a bot check (202)");
        }
        return parse(response.body(), request.maxResults());
    }

    static List<SearchResult> parse(String html, int max) throws SearchException {
        Document page = Jsoup.parse(html, DEFAULT_URL);
        if (page.selectFirst(".anomaly-modal, #challenge-form") != null) {
            throw new SearchException(SearchErrorCode.TOO_MANY_REQUESTS, "duckduckgo asked for a bot check");
        }
        List<SearchResult> results = new ArrayList<>();
        for (Element result : page.select("div.result")) {
            if (results.size() >= max) break;
            if (result.hasClass("result--ad")) continue;
            Element link = result.selectFirst("a.result__a");
            if (link == null) continue;
            String url = target(link.attr("href"));
            if (url == null) continue;
            Element snippet = result.selectFirst(".result__snippet");
            Element date = result.selectFirst(".result__extras__url > span:not(.result__icon)");
            results.add(new SearchResult(url, link.text(), snippet == null ? "" : snippet.text(),
                    date == null ? null : pageAge(date.text())));
        }
        return results;
    }

    /** The real target of a result link: DuckDuckGo's redirector carries it in {@code uddg}. */
    static String target(String href) {
        if (href == null || href.isBlank()) return null;
        String h = href.startsWith("//") ? "https:" + href : href;
        int q = h.indexOf('?');
        if (h.contains("duckduckgo.com/l/") && q > 0) {
            for (String pair : h.substring(q + 1).split("&")) {
                if (pair.startsWith("uddg=")) return URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
            }
            return null;
        }
        if (h.contains("duckduckgo.com/y.js")) return null; // an ad's click tracker
        return h.startsWith("http://") || h.startsWith("https://") ? h : null;
    }

    /** "2024-01-15T00:00:00.0000000" → "January 15, 2024"; other text as it is; blank → null. */
    static String pageAge(String text) {
        String t = text.replace('\u00a0', ' ').strip();
        if (t.isEmpty()) return null;
        if (t.length() >= 10 && t.charAt(4) == '-' && t.charAt(7) == '-') {
            try {
                return PAGE_AGE.format(LocalDate.parse(t.substring(0, 10)));
            } catch (java.time.DateTimeException ignored) {
                // not a date after all: keep the provider's text
            }
        }
        return t;
    }

    static String region(UserLocation location) {
        if (location == null || location.country() == null || location.country().length() != 2) return null;
        String cc = location.country().toUpperCase(Locale.ROOT);
        return REGIONS.getOrDefault(cc, cc.toLowerCase(Locale.ROOT) + "-en");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
