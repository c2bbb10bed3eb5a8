package io.shardlake.web.api;

import io.shardlake.engine.backfill.InvalidFieldsException;
import io.shardlake.engine.coordinator.OperationRefusedException;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every refusal of the API as {@code application/problem+json}: 404 for unknown pipelines, runs
 * and routes, 409 for actions the current state does not allow, 405 for a wrong method, 400 with
 * an {@code errors} list of {@link FieldProblem}s for bad parameters and bodies. Spring MVC's own
 * refusals (unreadable body, wrong type, missing parameter) come through here too, so every
 * error of the API has one shape. Nothing is changed by a refused request.
 */
@Hidden // the operations document their own problem responses (see ApiDocument)
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

    static final String INVALID_TITLE = "Invalid request";

    @ExceptionHandler(OperationRefusedException.class)
    ProblemDetail refused(OperationRefusedException e) {
        boolean notFound = e.reason() == OperationRefusedException.Reason.NOT_FOUND;
        ProblemDetail p = ProblemDetail.forStatusAndDetail(notFound ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT, e.getMessage());
        p.setTitle(notFound ? "Not found" : "Conflict with the current state");
        return p;
    }

    @ExceptionHandler(io.shardlake.engine.rebuild.RebuildConflictException.class)
    ProblemDetail rebuildConflict(io.shardlake.engine.rebuild.RebuildConflictException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        p.setTitle("Conflict with the current state");
        return p;
    }

    /** Every problem of a backfill, rebuild or events request at once, each with its field. */
    @ExceptionHandler(InvalidFieldsException.class)
    ProblemDetail invalidRequest(InvalidFieldsException e) {
        return invalidFields(e.errors());
    }

    private static ProblemDetail invalidFields(List<io.shardlake.engine.backfill.FieldError> errors) {
        return invalid(errors.stream().map(f -> new FieldProblem(f.field(), f.message())).toList());
    }

    static ErrorResponseException badRequest(String field, String problem) {
        return badRequest(List.of(new FieldProblem(field, problem)));
    }

    /** A 400 naming every field that is wrong, for a controller to throw. */
    static ErrorResponseException badRequest(List<FieldProblem> problems) {
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, invalid(problems), null);
    }

    static ProblemDetail invalid(List<FieldProblem> problems) {
        String detail = problems.stream().map(f -> f.field() + ": " + f.problem()).collect(Collectors.joining("; "));
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        p.setTitle(INVALID_TITLE);
        p.setProperty("errors", problems);
        return p;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(e, invalid(List.of(UnreadableBody.describe(e))), headers, HttpStatus.BAD_REQUEST, request);
    }

    /** A path variable or query parameter of the wrong type, e.g. {@code ?limit=ten}. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers, HttpStatusCode status,
                                                        WebRequest request) {
        String field = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        FieldProblem problem = new FieldProblem(field, "'" + e.getValue() + "' is not " + ExpectedType.of(e.getRequiredType()));
        return handleExceptionInternal(e, invalid(List.of(problem)), headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        FieldProblem problem = new FieldProblem(e.getParameterName(), "is required");
        return handleExceptionInternal(e, invalid(List.of(problem)), headers, HttpStatus.BAD_REQUEST, request);
    }

    /** Says which methods the path takes (they are in the Allow header too). */
    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException e, HttpHeaders headers,
                                                                         HttpStatusCode status, WebRequest request) {
        String allowed = e.getSupportedHttpMethods() == null ? "" : e.getSupportedHttpMethods().stream().map(HttpMethod::name)
                .sorted().collect(Collectors.joining(", "));
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.METHOD_NOT_ALLOWED, e.getMethod() + " is not allowed on "
                + path(request) + (allowed.isEmpty() ? "" : "; use " + allowed));
        p.setTitle("Method not allowed");
        return handleExceptionInternal(e, p, headers, HttpStatus.METHOD_NOT_ALLOWED, request);
    }

    private static String path(WebRequest request) {
        return request instanceof ServletWebRequest servlet ? servlet.getRequest().getRequestURI() : "this path";
    }

    /** No controller answers the path: say so in API words, not "No static resource". */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
                                                                    HttpStatusCode status, WebRequest request) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "no endpoint " + e.getHttpMethod() + " /" + e.getResourcePath() + "; the API is described at " + ApiDocument.PATH);
        p.setTitle("Not found");
        return handleExceptionInternal(e, p, headers, HttpStatus.NOT_FOUND, request);
    }
}
