package io.shardlake.web.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer <token>} on the stateless chain: a configured API token
 * authenticates this one request as the token's name with its roles; any other token is a 401.
 * Not a bean, so the servlet container does not also run it outside the chain.
 */
final class ApiTokenFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ApiTokens tokens;
    private final AuthenticationEntryPoint refusal;

    ApiTokenFilter(ApiTokens tokens, AuthenticationEntryPoint refusal) {
        this.tokens = tokens;
        this.refusal = refusal;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiTokens.ApiToken> token = tokens.match(header.substring(BEARER.length()).strip());
        if (token.isEmpty()) {
            SecurityContextHolder.clearContext();
            refusal.commence(request, response, new BadCredentialsException("unknown API token"));
            return;
        }
        SecurityContext context = SecurityContextHolder.getContextHolderStrategy().createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(token.get().name(), null, token.get().authorities()));
        SecurityContextHolder.getContextHolderStrategy().setContext(context);
        chain.doFilter(request, response);
    }
}
