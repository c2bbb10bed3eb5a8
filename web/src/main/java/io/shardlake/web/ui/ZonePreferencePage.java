package io.shardlake.web.ui;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The viewer's time zone, chosen on the form in every page's header (VIEWER): kept for the
 * signed-in person, or in the browser for a shared demo account ({@link ViewerZones}). Back to the
 * page it was chosen on; only a path of this service is followed, never another site. A value that
 * is no zone changes nothing and says so, naming the field.
 */
@Hidden // a page action, not API
@Controller
class ZonePreferencePage {

    /** Offered in the form's list; any other region may be typed. */
    static final List<String> SUGGESTED = List.of("UTC", "Europe/London", "Europe/Berlin", "Europe/Paris", "America/New_York",
            "America/Chicago", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Kolkata", "Asia/Singapore", "Asia/Tokyo",
            "Australia/Sydney");

    private final ViewerZones zones;

    ZonePreferencePage(ViewerZones zones) {
        this.zones = zones;
    }

    @PostMapping("/preferences/zone")
    String choose(@RequestParam(defaultValue = "") String zone, @RequestParam(defaultValue = "/pipelines") String back,
                  Authentication who, HttpServletRequest request, HttpServletResponse response, RedirectAttributes flash) {
        Optional<ZoneId> chosen = ViewerZones.parse(zone);
        if (chosen.isEmpty()) {
            flash.addFlashAttribute("problem", "zone: '" + zone.strip() + "' is not a time zone; use a region such as Europe/Berlin, or UTC");
        } else {
            zones.choose(chosen.get(), who, request, response);
        }
        return "redirect:" + localPath(back);
    }

    /** A path of this service ({@code /runs/x?y}); anything else (another site, {@code //host}) goes to the list. */
    static String localPath(String back) {
        boolean local = back.startsWith("/") && !back.startsWith("//") && !back.startsWith("/\\")
                && back.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
        return local ? back : "/pipelines";
    }

    /** What the zone form in the header needs on every page: the zone in use, suggestions, and the page to come back to. */
    @ControllerAdvice(basePackages = {"io.shardlake.web.ui", "io.shardlake.web.security"})
    static class Advice {

        private final ViewerTimes times;

        Advice(ViewerTimes times) {
            this.times = times;
        }

        @ModelAttribute("viewerZone")
        String viewerZone() {
            return times.zone().getId();
        }

        @ModelAttribute("zoneSuggestions")
        List<String> zoneSuggestions() {
            return SUGGESTED;
        }

        @ModelAttribute("currentPath")
        String currentPath(HttpServletRequest request) {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            return "GET".equals(request.getMethod()) && request.getQueryString() != null ? path + "?" + request.getQueryString() : path;
        }
    }
}
