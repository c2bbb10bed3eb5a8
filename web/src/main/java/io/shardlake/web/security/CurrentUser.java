package io.shardlake.web.security;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** The logged-in user as pages show it: the name and the roles given (not the ones they imply). */
public record CurrentUser(String name, List<String> roles) {

    /** Whether a role given to the user gives {@code role} (roles imply lower ones, see {@link Role}). */
    public boolean holds(Role role) {
        return roles.stream().map(Role::valueOf).anyMatch(r -> r.implies(role));
    }

    /** May trigger, pause, resume, cancel and backfill: what the pages show action buttons for. */
    public boolean mayOperate() {
        return holds(Role.OPERATOR);
    }

    /** May register and edit pipelines: what the pages show "Register" and "Edit" for. */
    public boolean mayRegister() {
        return holds(Role.ANALYST);
    }

    /** Null for nobody or an anonymous visitor. */
    static CurrentUser of(Authentication a) {
        if (a == null || !a.isAuthenticated() || a instanceof AnonymousAuthenticationToken) {
            return null;
        }
        return new CurrentUser(a.getName(), rolesOf(a));
    }

    static List<String> rolesOf(Authentication a) {
        if (a == null) {
            return List.of();
        }
        Set<String> held = a.getAuthorities().stream().map(GrantedAuthority::getAuthority).collect(Collectors.toSet());
        return Arrays.stream(Role.values()).filter(r -> held.contains(r.authority())).map(Role::name).toList();
    }
}
