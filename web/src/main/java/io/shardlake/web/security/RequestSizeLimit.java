package io.shardlake.web.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request whose declared body is larger than {@code shardlake.security.max-request-bytes}
 * with 413 problem+json, before anything reads it: a 15 MB registration body once kept a request
 * thread busy for over a minute.
 */
final class RequestSizeLimit extends OncePerRequestFilter {

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
            response.setHeader("Connection", "close"); // the unread body is not swallowed
            ApiRefusals.write(request, response, 413, "Payload Too Large", "the request body is " + length + " bytes; at most "
                    + maxBytes + " are accepted (shardlake.security.max-request-bytes)");
            return;
        }
        chain.doFilter(request, response);
    }
}
