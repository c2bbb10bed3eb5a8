package io.shardlake.web.ui;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.ZoneId;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.annotation.RequestScope;

/**
 * Times as the viewer reads them: in the zone they chose on the zone form of every page (see
 * {@link ViewerZones} for where it is kept), UTC until then. One per request, so the zone is looked
 * up once per page; controllers format with it and templates call it as {@code @viewerTimes.when(t)}.
 */
@Component("viewerTimes")
@RequestScope
public class ViewerTimes {

    private final ZoneId zone;

    ViewerTimes(HttpServletRequest request, ViewerZones zones) {
        this.zone = zones.zone(SecurityContextHolder.getContext().getAuthentication(), request.getCookies());
    }

    public ZoneId zone() {
        return zone;
    }

    /** {@code 2026-03-10 11:07:30 CET}; empty for null. */
    public String when(Instant t) {
        return PageFormats.when(t, zone);
    }
}
