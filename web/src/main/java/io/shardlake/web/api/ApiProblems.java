package io.shardlake.web.api;

import io.shardlake.engine.backfill.InvalidBackfillException;
import io.shardlake.engine.coordinator.OperationRefusedException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Every refusal of the API as {@code application/problem+json}: 404 for unknown pipelines and
 * runs, 409 for actions the current state does not allow, 400 with the field and the problem
 * for bad parameters. Nothing is changed by a refused request.
 */
@RestControllerAdvice
class ApiProblems {

    @ExceptionHandler(OperationRefusedException.class)
    ProblemDetail refused(OperationRefusedException e) {
        boolean notFound = e.reason() == OperationRefusedException.Reason.NOT_FOUND;
        ProblemDetail p = ProblemDetail.forStatusAndDetail(notFound ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT, e.getMessage());
        p.setTitle(notFound ? "Not found" : "Conflict with the current state");
        return p;
    }

    /** Every problem of a backfill request at once, each with its field. */
    @ExceptionHandler(InvalidBackfillException.class)
    ProblemDetail invalidBackfill(InvalidBackfillException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        p.setTitle("Invalid backfill");
        p.setProperty("errors", e.errors().stream().map(f -> Map.of("field", f.field(), "problem", f.message())).toList());
        return p;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        return badRequest(e.getName(), "'" + e.getValue() + "' is not a valid value").getBody();
    }

    static ErrorResponseException badRequest(String field, String problem) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, field + ": " + problem);
        p.setTitle("Invalid request");
        p.setProperty("errors", List.of(Map.of("field", field, "problem", problem)));
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, p, null);
    }
}
