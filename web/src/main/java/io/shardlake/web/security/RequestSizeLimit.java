package io.shardlake.web.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses a request whose declared body is larger than {@code shardlake.security.max-request-bytes}
 * with 413 problem+json, before anything reads it: a 15 MB registration body once kept a request
 * thread busy for over a minute.
 */
final class RequestSizeLimit extends OncePerRequestFilter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final long maxBytes;

    RequestSizeLimit(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalStateException("shardlake.security.max-request-bytes must be positive, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        if (length > maxBytes) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "about:blank");
            problem.put("title", "Payload Too Large");
            problem.put("status", 413);
            problem.put("detail", "the request body is " + length + " bytes; at most " + maxBytes
                    + " are accepted (shardlake.security.max-request-bytes)");
            problem.put("instance", request.getRequestURI());
            response.setStatus(413);
            response.setHeader("Connection", "close"); // the unread body is not swallowed
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            JSON.writeValue(response.getOutputStream(), problem);
            return;
        }
        chain.doFilter(request, response);
    }
}
