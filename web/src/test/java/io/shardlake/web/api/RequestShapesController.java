package io.shardlake.web.api;

import io.swagger.v3.oas.annotations.Hidden;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test-only endpoints with a JSON body and a required parameter, the shapes no production endpoint
 * of this module has yet (a backfill request will): they show how Spring's own refusals answer.
 */
@Hidden
@RestController
class RequestShapesController {

    static final String BODY = "/api/test-shapes/body";
    static final String REQUIRED = "/api/test-shapes/required";

    record Window(Instant from, Instant until) {
    }

    record ShapedRequest(int maxConcurrency, Instant from, List<Window> windows, Boolean dryRun) {
    }

    @PostMapping(BODY)
    ShapedRequest body(@RequestBody ShapedRequest request) {
        return request;
    }

    @GetMapping(REQUIRED)
    String required(@RequestParam String shard) {
        return shard;
    }
}
