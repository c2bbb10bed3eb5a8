package io.shardlake.web.ui;

import io.shardlake.engine.preferences.ViewerPreferences;
import io.shardlake.web.security.PersonalAccounts;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Where the viewer's time zone is kept: a signed-in person's in the metadata database
 * ({@link ViewerPreferences}), so it follows them from browser to browser; a shared demo account's
 * in a cookie of the browser ({@value #COOKIE}, a year), so one visitor's choice is not every
 * visitor's. UTC until chosen.
 */
@Component
class ViewerZones {

    static final String COOKIE = "shardlake_zone";
    static final ZoneId DEFAULT = ZoneId.of("UTC");

    private final ViewerPreferences preferences;
    private final PersonalAccounts accounts;
    private final Clock clock;

    ViewerZones(ViewerPreferences preferences, PersonalAccounts accounts, Clock clock) {
        this.preferences = preferences;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** The zone of the viewer signed in as {@code who} (null: nobody) with the request's cookies. */
    ZoneId zone(Authentication who, Cookie[] cookies) {
        Optional<String> person = accounts.person(who);
        return person.isPresent() ? preferences.zone(person.get()).orElse(DEFAULT) : cookieZone(cookies);
    }

    /** Keeps {@code zone} as the viewer's choice: for the person, or in the browser for a shared account. */
    void choose(ZoneId zone, Authentication who, HttpServletRequest request, HttpServletResponse response) {
        Optional<String> person = accounts.person(who);
        if (person.isPresent()) {
            preferences.setZone(person.get(), zone, clock.instant());
            return;
        }
        Cookie cookie = new Cookie(COOKIE, zone.getId());
        cookie.setPath(request.getContextPath().isEmpty() ? "/" : request.getContextPath());
        cookie.setMaxAge((int) Duration.ofDays(365).toSeconds());
        cookie.setHttpOnly(true);
        cookie.setSecure(request.isSecure());
        cookie.setAttribute("SameSite", "Lax");
        response.addCookie(cookie);
    }

    /** The zone the cookies name, or UTC. */
    static ZoneId cookieZone(Cookie[] cookies) {
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
    static Optional<ZoneId> parse(String text) {
        if (text == null || text.isBlank() || text.length() > 64) {
            return Optional.empty();
        }
        try {
            ZoneId z = ZoneId.of(text.strip());
            return z instanceof ZoneOffset ? Optional.empty() : Optional.of(z);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
