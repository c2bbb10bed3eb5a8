package io.shardlake.web.ui;

import io.shardlake.engine.coordinator.OperationRefusedException;
import io.shardlake.engine.input.StrictValues;
import io.shardlake.web.security.StatusTitle;
import org.springframework.beans.TypeMismatchException;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * Refusals on the pages answer a page, not the API's problem+json: an unknown pipeline or run the
 * 404 page with the engine's message, any other refusal the same page with 409, a bad parameter
 * (e.g. {@code /audit?before=abc}) with 400. Ordered before
 * the API's advice, which would otherwise answer for every controller.
 */
@ControllerAdvice(basePackages = "io.shardlake.web.ui")
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageProblems {

    @ExceptionHandler(OperationRefusedException.class)
    ModelAndView refused(OperationRefusedException e) {
        boolean notFound = e.reason() == OperationRefusedException.Reason.NOT_FOUND;
        ModelAndView page = page(notFound ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT, e.getMessage());
        page.addObject("title", notFound ? "Not found" : "Not possible now");
        return page;
    }

    /** A bad parameter (see {@code QueryParameters}): the same page with 400 and the problem, never the API's JSON. */
    @ExceptionHandler(ErrorResponseException.class)
    ModelAndView refusedRequest(ErrorResponseException e) {
        return page(HttpStatus.valueOf(e.getStatusCode().value()), e.getBody().getDetail());
    }

    /** A parameter a page takes as a number or date, given as something else. */
    @ExceptionHandler(TypeMismatchException.class)
    ModelAndView wrongType(TypeMismatchException e) {
        String name = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        return page(HttpStatus.BAD_REQUEST, name + ": " + StrictValues.shown(String.valueOf(e.getValue())) + " is not valid here");
    }

    private static ModelAndView page(HttpStatus status, String problem) {
        ModelAndView page = new ModelAndView("error/problem");
        page.addObject("problem", problem);
        page.addObject("title", StatusTitle.of(status.value()));
        page.setStatus(status);
        return page;
    }
}
