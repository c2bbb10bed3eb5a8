package io.shardlake.web.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCrypt;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;

/**
 * The local users by name, ignoring case. A name that is none of them gets a placeholder instead of
 * "not found": a user without roles whose password hash is made like the first user's (same
 * algorithm and cost) from a random password nobody knows. The password check then runs, costs
 * what a user's costs and fails with the same answer, so neither the answer nor its time tells
 * whether a name exists. (Spring's own stand-in hash is bcrypt of cost 10 whatever the users'
 * cost.) Should the placeholder's password ever match, its credentials are expired: it still
 * cannot log in.
 */
final class LocalUserDirectory implements UserDetailsService {

    private final Map<String, UserDetails> users = new HashMap<>();
    private final String placeholderHash;

    LocalUserDirectory(List<UserDetails> users) {
        users.forEach(u -> this.users.put(key(u.getUsername()), u));
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String password = Base64.getEncoder().encodeToString(random);
        this.placeholderHash = users.isEmpty()
                ? PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(password)
                : hashLike(users.get(0).getPassword(), password);
    }

    @Override
    public UserDetails loadUserByUsername(String name) {
        UserDetails user = users.get(key(name));
        // a copy each time: a login erases the password of the user it returns
        return user != null ? User.withUserDetails(user).build()
                : User.withUsername(name == null || name.isEmpty() ? "-" : name).password(placeholderHash).authorities(List.of())
                        .credentialsExpired(true).build();
    }

    private static String key(String name) {
        return name == null ? "" : name.toLowerCase(Locale.ROOT);
    }

    /** {@code password} hashed with the algorithm and cost of {@code hash} (one of the forms {@link LocalAccounts} accepts). */
    static String hashLike(String hash, String password) {
        if (hash.startsWith("{bcrypt}")) {
            String[] parts = hash.substring("{bcrypt}".length()).split("\\$"); // "", "2a", "10", salt and hash
            String version = parts[1].length() == 2 ? "$" + parts[1] : "$2a";
            return "{bcrypt}" + BCrypt.hashpw(password, BCrypt.gensalt(version, Integer.parseInt(parts[2])));
        }
        if (hash.startsWith("{pbkdf2@SpringSecurity_v5_8}")) {
            return "{pbkdf2@SpringSecurity_v5_8}" + Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode(password);
        }
        if (hash.startsWith("{pbkdf2}")) {
            return "{pbkdf2}" + Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_5().encode(password);
        }
        throw new IllegalArgumentException("not a password hash that LocalAccounts accepts");
    }
}
