package io.shardlake.web.ui;

import io.shardlake.engine.coordinator.OperationRefusedException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * Refusals on the pages answer a page, not the API's problem+json: an unknown pipeline or run the
 * 404 page with the engine's message, any other refusal the same page with 409. Ordered before
 * the API's advice, which would otherwise answer for every controller.
 */
@ControllerAdvice(basePackages = "io.shardlake.web.ui")
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageProblems {

    @ExceptionHandler(OperationRefusedException.class)
    ModelAndView refused(OperationRefusedException e) {
        boolean notFound = e.reason() == OperationRefusedException.Reason.NOT_FOUND;
        ModelAndView page = new ModelAndView("error/problem");
        page.addObject("problem", e.getMessage());
        page.addObject("title", notFound ? "Not found" : "Not possible now");
        page.setStatus(notFound ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT);
        return page;
    }
}
