package io.shardlake.web.security;

import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Who may call what (rules in {@link AccessRules}), as two filter chains:
 * <ul>
 * <li>the API ({@code /api/**}, {@code /v3/api-docs/**}, {@code /actuator/**}): stateless, HTTP Basic
 * (local users, local mode only) or an API token ({@code Authorization: Bearer}); refusals are
 * problem+json 401/403 ({@link ApiRefusals});</li>
 * <li>the pages: a session after logging in on {@code /login} (our form in local mode, the OIDC
 * provider in oidc mode), CSRF tokens on every form, logout by POST.</li>
 * </ul>
 * A service with no user configured (and no demo users) in local mode refuses to start: it is never
 * silently open.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    static RoleHierarchy roleHierarchy() {
        return Role.hierarchy();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * The local users' password check, throttled per client (see {@link ThrottledPasswordCheck}); it
     * knows no user in oidc mode (the provider knows the users there, and Basic is off).
     */
    @Bean
    AuthenticationProvider localPasswordCheck(SecurityProperties properties, ObjectProvider<DemoUsers> demo, PasswordEncoder encoder,
                                              Clock clock, LoginAudit audit) {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(new LocalUserDirectory(localUsers(properties, demo)));
        passwords.setPasswordEncoder(encoder);
        return new ThrottledPasswordCheck(passwords, new LoginThrottle(properties.lockout(), clock), audit);
    }

    /** The demo accounts are shared while they are the users; every configured or OIDC user is one person. */
    @Bean
    PersonalAccounts personalAccounts(SecurityProperties properties, ObjectProvider<DemoUsers> demo) {
        DemoUsers shared = demo.getIfAvailable();
        boolean demoInUse = properties.mode() == SecurityProperties.Mode.LOCAL && properties.users().isEmpty() && shared != null;
        return new PersonalAccounts(demoInUse ? shared.users().stream().map(SecurityProperties.User::name)
                .collect(java.util.stream.Collectors.toSet()) : java.util.Set.of());
    }

    static List<UserDetails> localUsers(SecurityProperties properties, ObjectProvider<DemoUsers> demo) {
        if (properties.mode() == SecurityProperties.Mode.OIDC) {
            return List.of();
        }
        List<UserDetails> users;
        if (!properties.users().isEmpty()) {
            users = LocalAccounts.of(properties.users(), "shardlake.security.users");
        } else if (demo.getIfAvailable() != null && !demo.getIfAvailable().users().isEmpty()) {
            users = LocalAccounts.of(demo.getIfAvailable().users(), "shardlake.demo.users");
            log.warn("Demo users are active ({}): configure shardlake.security.users (or shardlake.security.mode=oidc) "
                    + "before this service holds real data", users.stream().map(UserDetails::getUsername).toList());
        } else {
            throw new IllegalStateException("No user can log in: configure shardlake.security.users[*] (name, password as a "
                    + "{bcrypt} hash, roles) or shardlake.security.mode=oidc with spring.security.oauth2.client.registration.*; "
                    + "the service does not start open");
        }
        return users;
    }

    /** Ahead of every other filter, security's included: an oversized body is refused before anything reads it. */
    @Bean
    FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(SecurityProperties properties) {
        FilterRegistrationBean<RequestSizeLimit> registration = new FilterRegistrationBean<>(
                new RequestSizeLimit(properties.maxRequestBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, SecurityProperties properties, Clock clock) throws Exception {
        boolean basic = properties.mode() == SecurityProperties.Mode.LOCAL;
        ApiRefusals refusals = new ApiRefusals(basic, clock);
        http.securityMatcher(RefusalAudience.API_PATTERNS)
                .authorizeHttpRequests(AccessRules::api)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // CSRF is off for this chain only: it keeps no session and sets no cookie, so a browser has no
                // ambient credential to forge with; every request carries its own Basic credentials or token.
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .addFilterBefore(new ApiTokenFilter(ApiTokens.of(properties.tokens()), refusals), BasicAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
                .headers(SecurityHeaders::apply);
        if (basic) {
            http.httpBasic(b -> b.authenticationEntryPoint(refusals));
        } else {
            http.httpBasic(b -> b.disable());
        }
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain pageChain(HttpSecurity http, SecurityProperties properties,
                                  ObjectProvider<ClientRegistrationRepository> registrations) throws Exception {
        http.authorizeHttpRequests(AccessRules::pages)
                .logout(l -> l.logoutSuccessUrl("/login?logout"))
                .headers(SecurityHeaders::apply);
        if (properties.mode() == SecurityProperties.Mode.OIDC) {
            String first = firstRegistration(registrations.getIfAvailable());
            http.oauth2Login(o -> o.loginPage("/login")
                            .userInfoEndpoint(u -> u.userAuthoritiesMapper(new OidcGroupRoles(properties.oidc()))))
                    // anonymous visitors go straight to the provider
                    .exceptionHandling(e -> e.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/oauth2/authorization/" + first)));
        } else {
            http.formLogin(f -> f.loginPage("/login").permitAll());
        }
        return http.build();
    }

    private static String firstRegistration(ClientRegistrationRepository repository) {
        if (repository instanceof Iterable<?> all) {
            for (Object r : all) {
                return ((ClientRegistration) r).getRegistrationId();
            }
        }
        throw new IllegalStateException("shardlake.security.mode=oidc needs a provider: configure "
                + "spring.security.oauth2.client.registration.<id>.* (client-id, client-secret, scope: openid,...) and "
                + "spring.security.oauth2.client.provider.<id>.* (issuer-uri, or authorization-uri, token-uri, jwk-set-uri, user-info-uri)");
    }
}
