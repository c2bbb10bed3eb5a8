package io.shardlake.web.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;

/**
 * Who may do what. VIEWER reads; ANALYST registers and edits pipelines; OPERATOR triggers, pauses,
 * resumes, cancels and backfills, and sends entity events; ADMIN does everything. ADMIN > ANALYST >
 * VIEWER and ADMIN > OPERATOR > VIEWER, OPERATOR > EVENTS: a user holds the roles below the ones
 * given. EVENTS alone only sends entity events (for an application's token): it reads nothing.
 */
public enum Role {
    VIEWER, ANALYST, OPERATOR, ADMIN, EVENTS;

    /** Whether holding this role gives {@code other} too, as {@link #hierarchy} says. */
    public boolean implies(Role other) {
        if (this == EVENTS) {
            return other == EVENTS;
        }
        return this == other || this == ADMIN || other == VIEWER || this == OPERATOR && other == EVENTS;
    }

    /** The Spring Security authority, {@code ROLE_VIEWER} etc. */
    public String authority() {
        return "ROLE_" + name();
    }

    static RoleHierarchy hierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role(ADMIN.name()).implies(ANALYST.name(), OPERATOR.name())
                .role(ANALYST.name()).implies(VIEWER.name())
                .role(OPERATOR.name()).implies(VIEWER.name(), EVENTS.name())
                .build();
    }

    /**
     * A role from configuration, in any case.
     *
     * @param field the configuration key, for the error
     * @throws IllegalArgumentException naming the field and the known roles
     */
    public static Role parse(String value, String field) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(field + ": unknown role '" + value + "'; use one of "
                    + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }
}
