package io.shardlake.web.security;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * The local users, each marked locked while {@link LoginThrottle} holds it: Spring Security's
 * checks refuse a locked account before they look at the password.
 */
final class ThrottledUserDetailsService implements UserDetailsService {

    private final UserDetailsService users;
    private final LoginThrottle throttle;

    ThrottledUserDetailsService(UserDetailsService users, LoginThrottle throttle) {
        this.users = users;
        this.throttle = throttle;
    }

    @Override
    public UserDetails loadUserByUsername(String name) {
        UserDetails user = users.loadUserByUsername(name);
        return throttle.lockedUntil(name).isPresent() ? User.withUserDetails(user).accountLocked(true).build() : user;
    }
}
