package io.shardlake.web.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Requests Spring Security's {@code StrictHttpFirewall} refuses before any filter or controller
 * (a {@code ;}, {@code ..}, an encoded {@code /} or {@code %00} in the path, a method outside the
 * usual ones) answered in the shape of every other refusal: problem+json, or the error page for a
 * browser asking for a page. The default handler's bare {@code sendError(400)} ended as Spring
 * Boot's own JSON or the Whitelabel page.
 *
 * <p>Status: 405 for {@code TRACE} and {@code CONNECT} (methods HTTP defines that the service does
 * not take), 501 for a method HTTP does not define, 400 for everything else.
 */
final class FirewallRefusals implements RequestRejectedHandler {

    /** The methods the firewall lets through (StrictHttpFirewall's default). */
    static final String ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
    private static final Set<String> KNOWN_REFUSED_METHODS = Set.of("TRACE", "CONNECT");
    private static final Set<String> ALLOWED = Set.of(ALLOWED_METHODS.split(", "));

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e) throws IOException {
        String method = request.getMethod();
        int status;
        String detail;
        if (ALLOWED.contains(method)) {
            status = 400;
            detail = e.getMessage();
        } else if (KNOWN_REFUSED_METHODS.contains(method)) {
            status = 405;
            detail = method + " is not allowed; this service answers " + ALLOWED_METHODS;
            response.setHeader(HttpHeaders.ALLOW, ALLOWED_METHODS);
        } else {
            status = 501;
            detail = "'" + method + "' is not a method this service knows; it answers " + ALLOWED_METHODS;
        }
        if (RefusalAudience.wantsPage(request)) {
            // the error page (see ErrorFallbackController) shows the reason
            request.setAttribute(ErrorFallbackController.DETAIL, detail);
            response.sendError(status);
            return;
        }
        ApiRefusals.write(request, response, status, StatusTitle.of(status), detail);
    }
}
