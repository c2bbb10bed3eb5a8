package io.shardlake.web.ui;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.stereotype.Component;
import org.springframework.web.context.annotation.RequestScope;

/**
 * Times as the viewer reads them: in the zone they chose (a cookie set on the zone form of every
 * page, see {@link ZonePreferencePage}), UTC by default or when the cookie holds no zone. One per
 * request; controllers format with it and templates call it as {@code @viewerTimes.when(t)}.
 */
@Component("viewerTimes")
@RequestScope
public class ViewerTimes {

    static final String COOKIE = "shardlake_zone";
    static final ZoneId DEFAULT = ZoneId.of("UTC");

    private final ZoneId zone;

    ViewerTimes(HttpServletRequest request) {
        this.zone = zoneOf(request.getCookies());
    }

    /** The zone the cookies name, or UTC. */
    static ZoneId zoneOf(Cookie[] cookies) {
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (COOKIE.equals(c.getName())) {
                    return parse(c.getValue()).orElse(DEFAULT);
                }
            }
        }
        return DEFAULT;
    }

    /** A region ({@code Europe/Berlin}) or {@code UTC}; nothing for anything else (offsets too: they ignore summer time). */
    static java.util.Optional<ZoneId> parse(String text) {
        if (text == null || text.isBlank() || text.length() > 64) {
            return java.util.Optional.empty();
        }
        try {
            ZoneId z = ZoneId.of(text.strip());
            return z instanceof ZoneOffset ? java.util.Optional.empty() : java.util.Optional.of(z);
        } catch (DateTimeException e) {
            return java.util.Optional.empty();
        }
    }

    public ZoneId zone() {
        return zone;
    }

    /** {@code 2026-03-10 11:07:30 CET}; empty for null. */
    public String when(Instant t) {
        return PageFormats.when(t, zone);
    }
}
