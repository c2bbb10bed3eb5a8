package io.shardlake.web.security;

import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

import jakarta.servlet.DispatcherType;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * Every URL rule of the service, in one place; first match wins and anything not listed needs
 * ADMIN (deny by default). Roles inherit downwards (see {@link Role}): a rule for VIEWER lets every
 * role in. Paths that no controller answers yet are covered by pattern, so a refused role gets its
 * 403 before any 404.
 */
final class AccessRules {

    private static final String VIEWER = Role.VIEWER.name();
    private static final String ANALYST = Role.ANALYST.name();
    private static final String OPERATOR = Role.OPERATOR.name();
    private static final String ADMIN = Role.ADMIN.name();
    private static final String EVENTS = Role.EVENTS.name();

    private static final String[] API_OPERATOR_POSTS = {"/api/pipelines/*/runs", "/api/pipelines/*/pause", "/api/pipelines/*/resume",
            "/api/runs/*/cancel", "/api/pipelines/*/backfills", "/api/backfills/**", "/api/pipelines/*/reconciliations",
            "/api/pipelines/*/rebuilds", "/api/rebuilds/**", "/api/pipelines/*/rollback"};
    private static final String[] PAGE_VIEWER_GETS = {"/", "/pipelines", "/pipelines/*", "/pipelines/*/versions/**",
            "/pipelines/*/definition.yaml", "/runs/*", "/audit", "/backfills/*", "/pipelines/*/reconciliations", "/fleet",
            "/rebuilds/*"};
    /** Choices of the viewer's own that change nothing of the service (the time zone of the pages). */
    private static final String[] PAGE_VIEWER_POSTS = {"/preferences/zone"};
    private static final String[] PAGE_OPERATOR_POSTS = {"/pipelines/*/actions/**", "/pipelines/*/backfills/**", "/backfills/*/**",
            "/runs/*/cancel", "/runs/*/retry", "/pipelines/*/rebuilds", "/rebuilds/*/**", "/pipelines/*/rollback"};

    private AccessRules() {
    }

    /** The stateless chain: {@code /api/**}, {@code /v3/api-docs/**} and the actuator. */
    static void api(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                .requestMatchers(GET, "/actuator/health", "/actuator/health/**").permitAll()
                // A scraper needs no more than reading: a VIEWER token (metrics hold no secret a VIEWER cannot see).
                .requestMatchers(GET, "/actuator/prometheus").hasRole(VIEWER)
                .requestMatchers(POST, "/api/pipelines/*/entities").hasRole(EVENTS)
                .requestMatchers(GET, "/api/sources/**").hasRole(ANALYST)
                .requestMatchers("/api/registrations/**").hasRole(ANALYST)
                .requestMatchers(GET, "/api/**", "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**").hasRole(VIEWER)
                .requestMatchers(POST, API_OPERATOR_POSTS).hasRole(OPERATOR)
                .anyRequest().hasRole(ADMIN);
    }

    /** The page chain (sessions, CSRF, login page). */
    static void pages(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                .requestMatchers("/login", "/css/**", "/js/**", "/favicon.ico").permitAll()
                .requestMatchers(GET, "/pipelines/new", "/pipelines/*/edit").hasRole(ANALYST)
                .requestMatchers("/register/**").hasRole(ANALYST)
                .requestMatchers(GET, PAGE_VIEWER_GETS).hasRole(VIEWER)
                .requestMatchers(POST, PAGE_OPERATOR_POSTS).hasRole(OPERATOR)
                .requestMatchers(POST, PAGE_VIEWER_POSTS).hasRole(VIEWER)
                .anyRequest().hasRole(ADMIN);
    }
}
