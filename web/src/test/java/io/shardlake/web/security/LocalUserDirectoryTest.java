package io.shardlake.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

class LocalUserDirectoryTest {

    /** bcrypt of "viewer-test", cost 4 (as the web tests' users). */
    private static final String COST_4 = "{bcrypt}$2a$04$uIxcokwo42XlFoWXq9ot9OcC0hQEJUR3DjakI6BdiOi47JrfvL6O.";

    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final LocalUserDirectory directory = new LocalUserDirectory(List.of(
            User.withUsername("Ana").password(COST_4).roles("VIEWER").build()));

    @Test
    void usersAreFoundIgnoringCase() {
        UserDetails ana = directory.loadUserByUsername("ana");

        assertThat(ana.getUsername()).isEqualTo("Ana");
        assertThat(ana.getPassword()).isEqualTo(COST_4);
        assertThat(ana.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_VIEWER");
    }

    @Test
    void aNameThatIsNoUserGetsAPlaceholderHashedLikeTheUsersThatCannotLogIn() {
        UserDetails nobody = directory.loadUserByUsername("nobody");

        assertThat(nobody.getPassword()).startsWith("{bcrypt}$2a$04$").isNotEqualTo(COST_4);
        assertThat(encoder.matches("viewer-test", nobody.getPassword())).isFalse();
        assertThat(nobody.getAuthorities()).isEmpty();
        assertThat(nobody.isCredentialsNonExpired()).as("even a matching password would not log in").isFalse();
        assertThat(nobody.isAccountNonLocked() && nobody.isEnabled() && nobody.isAccountNonExpired())
                .as("checked before the password: like a user's, or the answer would differ").isTrue();
    }

    @Test
    void placeholderHashesKeepTheAlgorithmAndCostOfEachAcceptedForm() {
        String pbkdf2 = "{pbkdf2@SpringSecurity_v5_8}" + org.springframework.security.crypto.password.Pbkdf2PasswordEncoder
                .defaultsForSpringSecurity_v5_8().encode("x");

        assertThat(LocalUserDirectory.hashLike("{bcrypt}$2b$05$uIxcokwo42XlFoWXq9ot9OcC0hQEJUR3DjakI6BdiOi47JrfvL6O.", "p"))
                .startsWith("{bcrypt}$2b$05$");
        assertThat(LocalUserDirectory.hashLike(pbkdf2, "p")).startsWith("{pbkdf2@SpringSecurity_v5_8}")
                .satisfies(h -> assertThat(encoder.matches("p", h)).isTrue());
    }
}
