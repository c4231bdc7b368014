package dev.ccag.gateway.websearch;

/**
 * One hit as a provider returned it.
 *
 * @param snippet the provider's extract of the page (what the model reads, and cited_text comes from)
 * @param pageAge the page's date as the provider gave it ("April 30, 2025", "3 days ago"), or null
 */
public record SearchResult(String url, String title, String snippet, String pageAge) {}
