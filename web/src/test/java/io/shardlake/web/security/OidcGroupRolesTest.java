package io.shardlake.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;

class OidcGroupRolesTest {

    private static OidcGroupRoles mapping(String claim, Map<String, List<String>> groups) {
        return new OidcGroupRoles(new SecurityProperties.Oidc(claim, groups));
    }

    private static Collection<String> roles(OidcGroupRoles mapping, Map<String, Object> claims) {
        OidcIdToken token = new OidcIdToken("t", Instant.EPOCH, Instant.EPOCH.plusSeconds(60),
                new java.util.HashMap<>(Map.of("sub", "ana-1")) {{ putAll(claims); }});
        return mapping.mapAuthorities(List.of(new OidcUserAuthority(token), new SimpleGrantedAuthority("SCOPE_openid")))
                .stream().map(GrantedAuthority::getAuthority).toList();
    }

    @Test
    void eachMappedGroupInTheClaimGrantsItsRoles() {
        OidcGroupRoles mapping = mapping("groups", Map.of("data-eng", List.of("ANALYST"), "oncall", List.of("operator"),
                "platform", List.of("ADMIN")));

        assertThat(roles(mapping, Map.of("groups", List.of("data-eng", "oncall", "marketing"))))
                .containsExactlyInAnyOrder("ROLE_ANALYST", "ROLE_OPERATOR");
        assertThat(roles(mapping, Map.of("groups", "oncall platform"))).as("one string of groups")
                .containsExactlyInAnyOrder("ROLE_OPERATOR", "ROLE_ADMIN");
        assertThat(roles(mapping, Map.of("groups", List.of("marketing")))).as("no mapped group, no role, no scopes").isEmpty();
        assertThat(roles(mapping, Map.of())).isEmpty();
    }

    @Test
    void theClaimIsConfigurable() {
        OidcGroupRoles mapping = mapping("roles", Map.of("shardlake-viewers", List.of("VIEWER")));

        assertThat(roles(mapping, Map.of("roles", List.of("shardlake-viewers"), "groups", List.of("x")))).containsExactly("ROLE_VIEWER");
    }

    @Test
    void anUnknownRoleInTheMapIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> mapping("groups", Map.of("oncall", List.of("SUPERUSER"))))
                .hasMessage("shardlake.security.oidc.group-roles.oncall[0] (group 'oncall'): unknown role 'SUPERUSER'; "
                        + "use one of VIEWER, ANALYST, OPERATOR, ADMIN, EVENTS");
    }
}
