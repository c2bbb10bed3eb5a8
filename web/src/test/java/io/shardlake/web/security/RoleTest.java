package io.shardlake.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** What the pages show buttons for agrees with what Spring Security lets through. */
class RoleTest {

    @Test
    void impliesAgreesWithTheRoleHierarchyForEveryPair() {
        for (Role held : Role.values()) {
            List<String> reachable = Role.hierarchy().getReachableGrantedAuthorities(List.of(new SimpleGrantedAuthority(held.authority())))
                    .stream().map(GrantedAuthority::getAuthority).toList();
            for (Role other : Role.values()) {
                assertThat(held.implies(other)).as(held + " implies " + other).isEqualTo(reachable.contains(other.authority()));
            }
        }
    }

    @Test
    void operatorsAndAdminsMayOperateViewersAndAnalystsMayNot() {
        assertThat(new CurrentUser("o", List.of("OPERATOR")).mayOperate()).isTrue();
        assertThat(new CurrentUser("a", List.of("ADMIN")).mayOperate()).isTrue();
        assertThat(new CurrentUser("v", List.of("VIEWER")).mayOperate()).isFalse();
        assertThat(new CurrentUser("n", List.of("ANALYST", "VIEWER")).mayOperate()).isFalse();
    }
}
