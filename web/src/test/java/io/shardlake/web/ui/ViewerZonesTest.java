package io.shardlake.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardlake.engine.metadata.JdbcViewerPreferences;
import io.shardlake.engine.preferences.ViewerPreferences;
import io.shardlake.engine.run.MetadataDatabases;
import io.shardlake.web.security.PersonalAccounts;
import jakarta.servlet.http.Cookie;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** Where the viewer's zone is kept: per person in the metadata database (H2, production migrations), per browser for a shared demo account. */
class ViewerZonesTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    private ViewerPreferences preferences;
    private ViewerZones zones;
    private String person;

    @BeforeEach
    void setUp() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:viewer_zones_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        preferences = new JdbcViewerPreferences(MetadataDatabases.migrated(h2));
        zones = new ViewerZones(preferences, new PersonalAccounts(Set.of("viewer")),
                Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC));
        person = "ana";
    }

    private static Authentication signedIn(String name) {
        return UsernamePasswordAuthenticationToken.authenticated(name, null, List.of(new SimpleGrantedAuthority("ROLE_VIEWER")));
    }

    @Test
    void aPersonsChoiceIsKeptForThemAndNotInTheBrowser() {
        MockHttpServletResponse response = new MockHttpServletResponse();
        zones.choose(TOKYO, signedIn(person), new MockHttpServletRequest(), response);

        assertThat(response.getCookies()).isEmpty();
        assertThat(preferences.zone(person)).contains(TOKYO);
        assertThat(zones.zone(signedIn(person), null)).as("in any browser").isEqualTo(TOKYO);
        assertThat(zones.zone(signedIn("bob"), null)).as("another person").isEqualTo(ViewerZones.DEFAULT);
    }

    @Test
    void aPersonWhoNeverChoseSeesUtcWhateverCookieTheBrowserHolds() {
        Cookie[] berlin = {new Cookie(ViewerZones.COOKIE, "Europe/Berlin")};

        assertThat(zones.zone(signedIn(person), berlin)).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void aSharedDemoAccountsChoiceStaysInTheBrowser() {
        MockHttpServletResponse response = new MockHttpServletResponse();
        zones.choose(TOKYO, signedIn("viewer"), new MockHttpServletRequest(), response);

        Cookie cookie = response.getCookie(ViewerZones.COOKIE);
        assertThat(cookie).isNotNull();
        assertThat(cookie.getValue()).isEqualTo("Asia/Tokyo");
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getAttribute("SameSite")).isEqualTo("Lax");
        assertThat(preferences.zone("viewer")).as("nothing stored for a shared account").isEmpty();
        assertThat(zones.zone(signedIn("viewer"), new Cookie[] {cookie})).isEqualTo(TOKYO);
        assertThat(zones.zone(signedIn("viewer"), null)).as("another visitor's browser").isEqualTo(ViewerZones.DEFAULT);
        assertThat(zones.zone(null, new Cookie[] {cookie})).as("the login page, before signing in").isEqualTo(TOKYO);
    }

    @Test
    void onlyRegionsAndUtcAreZones() {
        assertThat(ViewerZones.parse(" Europe/Berlin ")).contains(ZoneId.of("Europe/Berlin"));
        assertThat(ViewerZones.parse("UTC")).contains(ZoneId.of("UTC"));
        assertThat(ViewerZones.parse("+02:00")).as("an offset ignores summer time").isEmpty();
        assertThat(ViewerZones.parse("Mars/Olympus")).isEmpty();
        assertThat(ViewerZones.parse("")).isEmpty();
        assertThat(ViewerZones.cookieZone(new Cookie[] {new Cookie(ViewerZones.COOKIE, "Mars/Olympus")})).isEqualTo(ViewerZones.DEFAULT);
    }
}
