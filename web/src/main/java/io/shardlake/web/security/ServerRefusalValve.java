package io.shardlake.web.security;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpHeaders;
import org.springframework.web.util.HtmlUtils;

/**
 * Tomcat's error report for what it refuses itself, before Spring sees the request (an encoded
 * {@code /} or {@code %00} in the path is a 400 of the connector): problem+json, or a plain HTML
 * page for a browser asking for a page, instead of Tomcat's own HTML report. Errors the
 * application answered are left as they are: this only writes an empty error response.
 */
public final class ServerRefusalValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        // Tomcat's message for its own refusals ("Invalid URI"); never an exception's, which may tell internals
        String message = throwable == null ? response.getMessage() : null;
        String title = StatusTitle.of(status);
        String detail = message == null || message.isBlank() ? "the server refused the request (" + status + " " + title + ")"
                : "the server refused the request: " + message;
        String path = request.getRequestURI();
        try {
            boolean page = RefusalAudience.wantsPage(path, request.getHeader(HttpHeaders.ACCEPT));
            String body = page ? page(title, detail)
                    : new String(ApiRefusals.body(status, title, detail, path), StandardCharsets.UTF_8);
            response.setContentType(page ? "text/html" : ApiRefusals.PROBLEM_JSON);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot take a body: nothing more to say
        }
    }

    private static String page(String title, String detail) {
        String t = HtmlUtils.htmlEscape(title);
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + t + " · shardlake</title></head><body>"
                + "<h1>" + t + "</h1><p>" + HtmlUtils.htmlEscape(detail) + "</p><p><a href=\"/pipelines\">Back to the pipelines</a></p>"
                + "</body></html>";
    }
}
