package io.shardlake.web.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Who a refusal is written for: an API path or an API client gets {@code application/problem+json};
 * only a browser (one that accepts {@code text/html}) asking for a page gets an HTML page. The API
 * paths are also the API filter chain's (see {@link SecurityConfiguration}).
 */
final class RefusalAudience {

    /** The stateless API chain's paths, as security matcher patterns. */
    static final String[] API_PATTERNS = {"/api/**", "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**", "/actuator/**"};

    private static final List<String> API_PREFIXES = List.of("/api/", "/v3/api-docs", "/actuator/");

    private RefusalAudience() {
    }

    /** Whether the path (as the client sent it, undecoded) is the API's. */
    static boolean isApi(String path) {
        return path != null && (path.equals("/api") || API_PREFIXES.stream().anyMatch(path::startsWith));
    }

    /** A page answers: a page path, asked for by a client that accepts HTML. */
    static boolean wantsPage(String path, String accept) {
        if (isApi(path) || accept == null) {
            return false;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream().anyMatch(t -> t.includes(MediaType.TEXT_HTML) && !t.isWildcardType());
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    static boolean wantsPage(HttpServletRequest request) {
        return wantsPage(request.getRequestURI(), request.getHeader(HttpHeaders.ACCEPT));
    }
}
