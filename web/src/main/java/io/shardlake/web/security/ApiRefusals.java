package io.shardlake.web.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's 401 and 403 as {@code application/problem+json}, the shape of every other API refusal
 * (see {@code ApiProblems}): 401 with a {@code WWW-Authenticate} challenge naming the schemes the
 * API takes, 429 while the client is throttled after refused logins, 403 saying which role is
 * missing in words.
 */
final class ApiRefusals implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String challenge;
    private final Clock clock;

    /** @param basic whether the API takes HTTP Basic (local users) besides bearer tokens */
    ApiRefusals(boolean basic, Clock clock) {
        this.challenge = (basic ? "Basic realm=\"shardlake\", " : "") + "Bearer realm=\"shardlake\"";
        this.clock = clock;
    }

    /**
     * 401, the same for a name that is no user as for a wrong password; 429 with {@code Retry-After}
     * while the client is throttled (whatever the name, see {@link LoginThrottle}).
     */
    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        if (e instanceof LoginThrottledException throttled) {
            long millis = Duration.between(clock.instant(), throttled.until()).toMillis();
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (millis + 999) / 1000)));
            write(request, response, 429, "Too Many Requests", "too many refused logins from your address; try again after " + throttled.until());
            return;
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        boolean presented = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        write(request, response, 401, "Unauthorized", presented ? "the credentials or token are not valid"
                : "log in: send HTTP Basic credentials or an API token (Authorization: Bearer <token>)");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException {
        write(request, response, 403, "Forbidden", "your roles " + CurrentUser.rolesOf(SecurityContextHolder.getContext().getAuthentication())
                + " do not allow " + request.getMethod() + " " + request.getRequestURI());
    }

    /** Writes a problem+json answer: the shape of every API refusal, also the filters'. */
    static void write(HttpServletRequest request, HttpServletResponse response, int status, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType(PROBLEM_JSON);
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(body(status, title, detail, request.getRequestURI()));
    }

    static final String PROBLEM_JSON = "application/problem+json";

    /** An RFC 9457 problem document: type, title, status, detail and the path refused as instance. */
    static byte[] body(int status, String title, String detail, String instance) {
        return JSON.writeValueAsBytes(problem(status, title, detail, instance));
    }

    static Map<String, Object> problem(int status, String title, String detail, String instance) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", instance);
        return problem;
    }
}
