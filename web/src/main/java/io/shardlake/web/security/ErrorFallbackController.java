package io.shardlake.web.security;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.web.ErrorProperties;
import org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.ModelAndView;

/**
 * The servlet container's {@code /error} dispatch (a {@code sendError} no controller advice
 * answered): problem+json where Spring Boot wrote its own JSON, and for an API path even when a
 * browser asks. Pages keep their error views ({@code templates/error/403.html}); any other status
 * shows {@code templates/error/problem.html} rather than the Whitelabel page.
 */
@Hidden // the container's error dispatch, not an endpoint
class ErrorFallbackController extends BasicErrorController {

    /** A request attribute with the reason to show, set by whoever refused the request (see {@link FirewallRefusals}). */
    static final String DETAIL = ErrorFallbackController.class.getName() + ".detail";

    ErrorFallbackController(ErrorAttributes attributes, ErrorProperties properties, List<ErrorViewResolver> resolvers) {
        super(attributes, properties, resolvers);
    }

    @Override
    public ModelAndView errorHtml(HttpServletRequest request, HttpServletResponse response) {
        HttpStatus status = getStatus(request);
        if (!RefusalAudience.isApi(path(request))) {
            ModelAndView view = super.errorHtml(request, response);
            if (view != null && !"error".equals(view.getViewName())) {
                return view; // an error view of its own, e.g. error/403
            }
            return new ModelAndView("error/problem", Map.of("title", StatusTitle.of(status.value()),
                    "problem", detail(request, status)), status);
        }
        try {
            ApiRefusals.write(request, response, status.value(), StatusTitle.of(status.value()), detail(request, status));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return null; // answered
    }

    @Override
    public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        HttpStatus status = getStatus(request);
        if (status == HttpStatus.NO_CONTENT) {
            return new ResponseEntity<>(status);
        }
        Map<String, Object> problem = ApiRefusals.problem(status.value(), StatusTitle.of(status.value()), detail(request, status),
                path(request));
        return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static String path(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return uri == null ? request.getRequestURI() : uri.toString();
    }

    /** The refuser's reason when it gave one; never an exception's message, which may tell internals. */
    private static String detail(HttpServletRequest request, HttpStatus status) {
        Object detail = request.getAttribute(DETAIL);
        return detail != null ? detail.toString() : "the request was refused (" + status.value() + " " + StatusTitle.of(status.value()) + ")";
    }
}
