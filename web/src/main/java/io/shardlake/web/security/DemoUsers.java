package io.shardlake.web.security;

import java.util.List;

/**
 * Users that log in when {@code shardlake.security.users} is empty: the quick start's demo
 * accounts, offered by the application only while its embedded demo is on. Configuring any user
 * replaces them all.
 */
public record DemoUsers(List<SecurityProperties.User> users) {

    public DemoUsers {
        users = List.copyOf(users);
    }
}
