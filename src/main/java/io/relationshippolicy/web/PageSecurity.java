package io.relationshippolicy.web;

import io.micronaut.http.HttpRequest;

import java.util.Locale;

/** Which requests are pages (everything a browser opens, as opposed to the API and the operations routes). */
public final class PageSecurity {

    /** Path prefixes that are not pages; checked on every request, the API's included, so kept to plain string tests. */
    private static final String[] NOT_PAGES = {"/api/", "/health", "/metrics", "/openapi", "/swagger", "/oauth/"};

    private PageSecurity() {
    }

    public static boolean isPage(HttpRequest<?> request) {
        return isPagePath(request.getPath());
    }

    static boolean isPagePath(String path) {
        for (String prefix : NOT_PAGES) {
            boolean folder = prefix.endsWith("/");
            if (path.startsWith(prefix) || (folder && path.length() == prefix.length() - 1 && prefix.startsWith(path))) {
                return false;
            }
        }
        return true;
    }

    /** True when the browser reached the service over HTTPS, directly or through a proxy that says so. */
    public static boolean secure(HttpRequest<?> request) {
        if (request.isSecure()) {
            return true;
        }
        String forwarded = request.getHeaders().get("X-Forwarded-Proto");
        return forwarded != null && forwarded.trim().toLowerCase(Locale.ROOT).startsWith("https");
    }

    /** The request's raw query without the language switcher's parameter: what the page was opened with. */
    public static String queryWithoutLanguage(HttpRequest<?> request) {
        String query = request.getUri().getRawQuery();
        if (query == null) {
            return "";
        }
        java.util.List<String> kept = new java.util.ArrayList<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty() && !pair.startsWith(PageLocaleResolver.PARAMETER + "=")) {
                kept.add(pair);
            }
        }
        return String.join("&", kept);
    }

    /**
     * A path on this service to come back to after signing in, or {@code /} when the value is not one: never an
     * absolute URL or a protocol-relative {@code //host}, so sign-in cannot be used to send someone elsewhere.
     */
    public static String localPath(String candidate) {
        if (candidate == null || candidate.isEmpty() || candidate.length() > 2048 || !candidate.startsWith("/")
                || candidate.startsWith("//") || candidate.startsWith("/\\")) {
            return "/";
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c < 0x21 || c == 0x7f || c == '\\') {
                return "/";
            }
        }
        return candidate;
    }
}
