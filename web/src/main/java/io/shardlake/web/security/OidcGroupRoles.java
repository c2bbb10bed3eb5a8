package io.shardlake.web.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.core.user.OAuth2UserAuthority;

/**
 * An OIDC login's roles: the groups in the configured claim ({@code shardlake.security.oidc.roles-claim},
 * from the ID token and user info), each mapped through {@code shardlake.security.oidc.group-roles}.
 * The provider's scopes are not kept as authorities; a user in no mapped group has no role and sees
 * only the login page's refusal.
 */
final class OidcGroupRoles implements GrantedAuthoritiesMapper {

    private final String claim;
    private final Map<String, List<Role>> groupRoles;

    OidcGroupRoles(SecurityProperties.Oidc oidc) {
        this.claim = oidc.rolesClaim();
        this.groupRoles = new java.util.LinkedHashMap<>();
        oidc.groupRoles().forEach((group, roles) -> groupRoles.put(group,
                LocalAccounts.roles(roles, "shardlake.security.oidc.group-roles." + group, "group '" + group + "'")));
    }

    @Override
    public Collection<? extends GrantedAuthority> mapAuthorities(Collection<? extends GrantedAuthority> authorities) {
        Set<GrantedAuthority> out = new LinkedHashSet<>();
        for (GrantedAuthority a : authorities) {
            Map<String, Object> attributes = a instanceof OidcUserAuthority oidc ? oidc.getAttributes()
                    : a instanceof OAuth2UserAuthority oauth ? oauth.getAttributes() : Map.of();
            for (String group : groups(attributes.get(claim))) {
                groupRoles.getOrDefault(group, List.of()).forEach(r -> out.add(new SimpleGrantedAuthority(r.authority())));
            }
        }
        return out;
    }

    /** A list claim, or one string of groups separated by spaces or commas. */
    static List<String> groups(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof Collection<?> list) {
            list.forEach(g -> out.add(String.valueOf(g)));
        } else if (value instanceof String s && !s.isBlank()) {
            out.addAll(Arrays.asList(s.strip().split("[\\s,]+")));
        }
        return out;
    }
}
