package io.shardlake.web.api;

import io.shardlake.engine.registration.FormError;
import io.shardlake.engine.registration.InvalidRegistrationException;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.List;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A refused draft as the API's usual 400 problem: every error under {@code errors}, at its draft field. */
@Hidden
@RestControllerAdvice(basePackages = "io.shardlake.web.api")
class RegistrationProblems {

    @ExceptionHandler(InvalidRegistrationException.class)
    ProblemDetail invalidRegistration(InvalidRegistrationException e) {
        return invalid(e.errors());
    }

    static ProblemDetail invalid(List<FormError> errors) {
        return ApiProblems.invalid(errors.stream().map(f -> new FieldProblem(f.field().isEmpty() ? "draft" : f.field(), f.message()))
                .toList());
    }
}
