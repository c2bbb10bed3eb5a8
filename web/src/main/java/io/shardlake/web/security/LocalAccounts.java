package io.shardlake.web.security;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The local users as Spring Security users, checked: every user has a name, a password that is a
 * recognised hash ({@code {bcrypt}}, {@code {pbkdf2@SpringSecurity_v5_8}}; plain text and
 * {@code {noop}} are refused) and known roles. Errors name the configuration key and never show
 * the password.
 */
final class LocalAccounts {

    private static final Pattern BCRYPT = Pattern.compile("\\{bcrypt}\\$2[aby]?\\$\\d{2}\\$[./A-Za-z0-9]{53}");
    private static final Pattern PBKDF2 = Pattern.compile("\\{pbkdf2(@SpringSecurity_v5_8)?}[0-9a-fA-F]{32,}");

    private LocalAccounts() {
    }

    /** @param prefix the configuration key of the list, e.g. {@code shardlake.security.users} */
    static List<UserDetails> of(List<SecurityProperties.User> users, String prefix) {
        List<UserDetails> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < users.size(); i++) {
            SecurityProperties.User u = users.get(i);
            String key = prefix + "[" + i + "]";
            if (u.name() == null || u.name().isBlank()) {
                throw new IllegalArgumentException(key + ".name: is required");
            }
            if (!names.add(u.name().toLowerCase(Locale.ROOT))) { // names are matched ignoring case
                throw new IllegalArgumentException(key + ".name: user '" + u.name() + "' is configured twice");
            }
            String hash = u.password() == null ? "" : u.password().strip();
            if (!BCRYPT.matcher(hash).matches() && !PBKDF2.matcher(hash).matches()) {
                throw new IllegalArgumentException(key + ".password (user '" + u.name() + "'): is not a recognised password hash;"
                        + " give a hash such as {bcrypt}$2a$10$... (e.g. htpasswd -bnBC 10 \"\" 'the password' | tr -d ':\\n',"
                        + " prefixed with {bcrypt}), never the password itself");
            }
            List<Role> roles = roles(u.roles(), key + ".roles", "user '" + u.name() + "'");
            out.add(User.withUsername(u.name()).password(hash)
                    .authorities(roles.stream().map(Role::authority).toArray(String[]::new)).build());
        }
        return out;
    }

    static List<Role> roles(List<String> values, String key, String owner) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(key + " (" + owner + "): give at least one role of VIEWER, ANALYST, OPERATOR, ADMIN");
        }
        List<Role> roles = new ArrayList<>();
        for (int j = 0; j < values.size(); j++) {
            roles.add(Role.parse(values.get(j), key + "[" + j + "] (" + owner + ")"));
        }
        return roles;
    }
}
